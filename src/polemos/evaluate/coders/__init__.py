"""Event coders used only by the evaluations (keyword notes, mention selection, the quad classifier)."""
