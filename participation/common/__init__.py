"""Pieces every domain uses: mixins, rendering helpers, pagination, Markdown."""
