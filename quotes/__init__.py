"""quotes: a quote attribution and claims database for UK political news."""

__version__ = "0.1.0"
