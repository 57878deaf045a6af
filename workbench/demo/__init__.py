"""The bundled demo data: a deterministic generator of a fictional brand's feedback exports, and the demo build.

``generate.generate_demo`` writes the export files and ``answer_key.json`` into resources/demo/;
``build.build_demo_project`` imports them into a project (then taxonomy and tagging, as those exist).
"""
