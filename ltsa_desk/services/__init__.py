"""One function per user action. Each opens its transaction, checks the acting operator's role,
does the work and appends an audit event. Screens and the CLI call these; they never query."""
