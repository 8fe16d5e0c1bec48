"""Browsing the database in Datasette: metadata, a plugin with quotation, person, document
and claim-audit pages, and `quotes serve` (quotes.web.app)."""
