"""Everything between the generated Markdown and the published site, for MkDocs (README: How it is built)."""
