"""The site's pages as pure functions from checked records to Markdown (no mkdocs here)."""
