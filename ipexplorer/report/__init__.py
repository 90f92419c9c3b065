"""Reading the report text: the appendix tables, regions and the report's own identities."""
