"""Build step that pyproject.toml cannot say: the user guide (docs/*.md, with its pictures in
docs/images/) goes into the package, as intercept_mapper/resources/docs/, so that an installed copy's
About box can link to it. Everything else is configured in pyproject.toml."""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


class BuildPyWithGuide(build_py):
    """``build_py``, then docs/*.md and docs/images/ copied into the built package's resources/docs/."""

    def run(self) -> None:
        super().run()
        docs = HERE / "docs"
        files = sorted(docs.glob("*.md")) + sorted(p for p in docs.glob("images/*") if p.is_file())
        if not files or self.editable_mode:  # an editable install reads docs/ from the checkout
            return
        target = Path(self.build_lib) / "intercept_mapper" / "resources" / "docs"
        for source in files:
            (target / source.relative_to(docs)).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target / source.relative_to(docs))


setup(cmdclass={"build_py": BuildPyWithGuide})
