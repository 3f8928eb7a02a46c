"""The social schemes' pages, one module per part."""
