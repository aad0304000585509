"""Tools for people and for the test suite: serving a built site, driving a browser, checking links,
taking screenshots. Not tests; `make linkcheck`, `make screenshots` and bench/ use them too."""
