"""The Textual screens of the desk and its small App (``screens.app``)."""
