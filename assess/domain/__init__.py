"""Pure domain: vocabularies, rubric, scoring, reliability and report tables; no framework."""
