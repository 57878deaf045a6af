"""Node names in the report's language: English names where the taxonomy has them, the Chinese name marked
with an asterisk where it doesn't (the method appendix explains the mark)."""

from __future__ import annotations

from dataclasses import dataclass, field

from workbench.store.handle import Project

MARK = "*"


@dataclass
class NodeNames:
    """Translates the Chinese node paths the analysis speaks in into the report's language."""

    lang: str
    english: dict[str, str | None] = field(default_factory=dict)  # Chinese path → the node's English name
    missing: set[str] = field(default_factory=set)  # Chinese paths shown without an English name

    @classmethod
    def load(cls, project: Project, lang: str) -> NodeNames:
        if lang == "zh":
            return cls(lang)
        from workbench.queries.aggregate_cube import current_nodes

        with project.read() as conn:
            return cls(lang, {n.path: (n.name_en or "").strip() or None for n in current_nodes(conn)})

    def path(self, path: str) -> str:
        """``path`` with each level's English name; a level without one keeps its Chinese name, marked."""
        if self.lang == "zh" or not path or path == "—":
            return path
        parts = path.split("/")
        out = []
        for depth, name in enumerate(parts, 1):
            prefix = "/".join(parts[:depth])
            english = self.english.get(prefix)
            if english:
                out.append(english)
            else:
                self.missing.add(prefix)
                out.append(name + MARK)
        return "/".join(out)

    def caveat(self) -> str | None:
        """The appendix's note on the mark, when some name had to fall back."""
        if not self.missing:
            return None
        return (f"Issue names marked {MARK} have no English name in the taxonomy and are shown in Chinese "
                f"({len(self.missing)} of them); add English names in the taxonomy editor.")
