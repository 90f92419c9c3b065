"""The SQLite database: schema, atomic build and opening with rebuild triggers."""
