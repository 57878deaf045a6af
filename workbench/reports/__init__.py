"""Client-ready reports: a report spec → computed content → Excel, PDF and Word writers."""
