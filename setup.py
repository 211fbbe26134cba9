"""Packaging glue that pyproject.toml alone cannot express: the top-level ``rules/`` folder (kept
where the design card puts it) is shipped inside the wheel as the package ``extract.rules_data``,
which :func:`extract.rules.rules_dir` finds when the repository's ``rules/`` is not beside the code.
Everything else (metadata, dependencies, entry points) is in pyproject.toml."""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["extract", "extract.*", "pressextract"]), "extract.rules_data"],
    package_dir={"extract.rules_data": "rules"},
    package_data={"extract": ["models/**/*", "data/*.csv", "templates/*.j2", "templates/*.css", "templates/*.js"],
                  "extract.rules_data": ["**/*"]},
)
