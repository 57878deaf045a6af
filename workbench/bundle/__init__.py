"""Encrypted client bundles: a project copy, its reports and taxonomy in one authenticated file."""
