"""The issue taxonomy: the tree, its versions and edits, templates, codebook import/export."""
