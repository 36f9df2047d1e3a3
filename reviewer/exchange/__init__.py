"""Comments that leave or arrive: comment packages between laptops, the shared exchange folder,
the merge rule, and CSV / JSON Lines tables of comments.
"""
from reviewer.exchange.folder import SyncResult, SyncState, own_file_name, sync_once
from reviewer.exchange.importing import import_packages, merge_package, summary_line
from reviewer.exchange.merge import apply_package, merge_comment
from reviewer.exchange.package import (
    EXTENSION,
    Package,
    build_package,
    export_package,
    read_package,
    read_package_file,
)
from reviewer.exchange.package_checks import PackageError
from reviewer.exchange.table_import import ImportFileError, SectionFinder, plan_import

__all__ = ["EXTENSION", "ImportFileError", "Package", "PackageError", "SectionFinder", "SyncResult", "SyncState",
           "apply_package", "build_package", "export_package", "import_packages", "merge_comment", "merge_package",
           "own_file_name", "plan_import", "read_package", "read_package_file", "summary_line", "sync_once"]
