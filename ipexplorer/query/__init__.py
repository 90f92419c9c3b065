"""Queries over the database: datasets for the table explorer, filters, sorting, search."""
