"""Small dialogs the main window opens (restore a backup, ...)."""
