"""The browser UI of the organization domain, one module per page (or tab)."""
