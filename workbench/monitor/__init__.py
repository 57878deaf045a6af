"""Live monitoring (``watch``): new files or rows imported, tagged and alerted on as they arrive."""
