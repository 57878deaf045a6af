"""Import: readers (xlsx, csv, json, sqlite, database URL), mapping, cleaning, PII masking, de-duplication, pipeline."""
