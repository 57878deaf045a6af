"""The issue taxonomy: the tree, its versions and edits, templates, codebook import/export.

Modules: ``model`` (Node, Taxonomy), ``tree`` (building, keys, validation), ``repository`` (versions in
the store: load_current, load_version, save_version, list_versions), ``edits`` (add/rename/move/merge/
split/delete → EditResult), ``diff`` (diff_versions), ``codebook`` (read_codebook, write_codebook,
import_codebook), ``templates`` (list_templates, load_template, apply_template), ``retag`` (records a
change left needing a new tag). Nothing is re-exported here so that importing ``model`` stays free of
the store (workbench.nlp may import it).
"""
