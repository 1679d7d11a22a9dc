"""Form specs and form widgets of the desk, bound to the core's checks. Never imports screens."""
