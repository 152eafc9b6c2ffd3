"""The register in the Open Contracting Data Standard (OCDS 1.1): release packages out, and in.

`export_release_package` / `release_package_chunks` publish one release per contracting process (each
contract, each significant commissioning activity); `import_ocds_package` reads the register's own packages
and other publishers' (Contracts Finder, Find a Tender) back, all or nothing. How the register's imprecise
dates and stated values travel beside OCDS's exact ones is in `db.ocds.carriage`.
"""

from db.ocds.export import export_release_package, release_package_chunks
from db.ocds.identity import DEFAULT_OCID_PREFIX, KENT_COUNTY_COUNCIL, Council
from db.ocds.importer import import_ocds_package

__all__ = [
    "DEFAULT_OCID_PREFIX",
    "KENT_COUNTY_COUNCIL",
    "Council",
    "export_release_package",
    "import_ocds_package",
    "release_package_chunks",
]
