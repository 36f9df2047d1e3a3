"""Print the project's dependencies and test dependencies, less Qt (for `make test-headless`)."""
import tomllib
from pathlib import Path

project = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml").read_text())["project"]
wanted = project["dependencies"] + project["optional-dependencies"]["test"]
print(" ".join(d for d in wanted if not d.lower().startswith(("pyside6", "pytest-qt"))))
