"""Where the journal lives, how it is opened, its schema and its migrations."""
