"""The words a synthetic register is made of: the council's structure, its services, its suppliers.

Lists, not sets: the generator draws from them by position, so their order is part of what a seed means.
"""

from __future__ import annotations

from typing import NamedTuple


class DirectorateWords(NamedTuple):
    """A directorate as the plans name it, with its divisions and the services its contracts buy."""

    code: str
    name: str
    corporate_director: str
    divisions: tuple[str, ...]
    services: tuple[str, ...]
    weight: int


DIRECTORATES: tuple[DirectorateWords, ...] = (
    DirectorateWords(
        "SCS",
        "Strategic and Corporate Services",
        "David Cockburn",
        (
            "Engagement, Organisation Design and Development",
            "Finance",
            "Governance and Law",
            "Infrastructure",
            "Strategic Commissioning",
            "Strategy, Policy, Relationships and Corporate Assurance",
        ),
        (
            "Total Facilities Management",
            "Contact Point and Digital Services",
            "Public Sector Network",
            "Telephony",
            "ICT Infrastructure",
            "Legal Services",
            "Internal Audit",
            "Insurance",
            "Print and Mail",
            "Payroll",
            "Property Maintenance",
            "Energy Supply",
            "Cleaning",
            "Security Services",
            "Software Licences",
        ),
        3,
    ),
    DirectorateWords(
        "GET",
        "Growth, Environment and Transport",
        "Barbara Cooper",
        (
            "Highways, Transportation and Waste",
            "Environment, Planning and Enforcement",
            "Economic Development",
            "Libraries, Registration and Archives",
        ),
        (
            "Highways Maintenance",
            "Street Lighting",
            "Winter Gritting",
            "Waste Disposal",
            "Household Waste Recycling Centres",
            "Traffic Signal Maintenance",
            "Supported Bus Services",
            "Country Parks Management",
            "Trading Standards Testing",
            "Library Stock Supply",
            "Flood Risk Management",
            "Road Resurfacing",
        ),
        3,
    ),
    DirectorateWords(
        "ASCH",
        "Adult Social Care and Health",
        "Penny Southern",
        (
            "Older People and Physical Disability",
            "Learning Disability and Mental Health",
            "Partnerships",
            "Adult Safeguarding",
        ),
        (
            "Domiciliary Care",
            "Residential Care",
            "Nursing Care",
            "Supported Living",
            "Day Services",
            "Carers' Support",
            "Community Equipment",
            "Extra Care Housing",
            "Advocacy",
            "Shared Lives",
        ),
        4,
    ),
    DirectorateWords(
        "CYPE",
        "Children, Young People and Education",
        "Matt Dunkley",
        (
            "Education Planning and Access",
            "Special Educational Needs",
            "Integrated Children's Services",
            "Early Help and Preventative Services",
        ),
        (
            "Home to School Transport",
            "SEN Transport",
            "Independent Fostering",
            "Children's Residential Care",
            "Youth Services",
            "School Meals",
            "Short Breaks",
            "Education Psychology",
            "Children's Centres",
        ),
        4,
    ),
    DirectorateWords(
        "PH",
        "Public Health",
        "Andrew Scott-Clark",
        ("Health Improvement", "Health Protection"),
        (
            "Sexual Health",
            "Substance Misuse",
            "Health Visiting",
            "School Nursing",
            "Smoking Cessation",
            "NHS Health Checks",
            "Healthy Weight",
        ),
        1,
    ),
    DirectorateWords(
        "CED",
        "Chief Executive's Department",
        "Amanda Beer",
        ("Communications", "Customer Services"),
        ("Research and Consultation", "Media Monitoring", "Translation", "Events"),
        1,
    ),
)

AREAS = (
    "Countywide",
    "East",
    "West",
    "North",
    "South",
    "Mid",
    "Coastal",
    "Rural",
    "Urban",
    "Integrated",
    "Specialist",
    "Community",
)

CONTRACT_FORMS = (
    "Contract",
    "Framework",
    "Services",
    "Agreement",
    "Dynamic Purchasing System",
    "Call-off",
    "Partnership",
    "Service Level Agreement",
)

ACTIVITY_VERBS = (
    "Re-procurement of",
    "Recommissioning of",
    "Review of",
    "Extension of",
    "Transformation of",
    "New",
    "Insourcing of",
    "Market engagement for",
)

# Suppliers the 2017-18 plans name, so a synthetic register reads like the real one at its head.
NAMED_SUPPLIERS = (
    "Agilisys",
    "Amey",
    "Skanska",
    "Kier",
    "Microsoft",
    "Specialist Computer Centre",
    "Daisy Updata Communications Ltd",
    "Northgate Information Solutions UK Ltd",
)

NAMED_TRADED_COMPANIES = (
    ("Commercial Services", "Trading platform", "100% council-owned"),
    ("GEN2 Property Ltd", "Local Authority Trading Company", "100% council-owned"),
    ("Invicta Law", "Alternative Business Structure", "100% council-owned"),
    ("Business Service Centre", "Trading unit within Infrastructure", "Council service"),
)

TRADED_FORMS = (
    "Local Authority Trading Company",
    "Company limited by shares",
    "Company limited by guarantee",
    "Alternative Business Structure",
    "Teckal company",
)

SUPPLIER_STEMS = (
    "Abbey", "Acorn", "Albion", "Apex", "Arden", "Ash", "Aspire", "Avon", "Beacon", "Birch", "Bishop",
    "Bridge", "Briar", "Brook", "Cairn", "Castle", "Cedar", "Channel", "Chapel", "Compass", "Copper",
    "Crown", "Dale", "Delta", "Down", "Eagle", "Elm", "Ember", "Falcon", "Fern", "Field", "Forge",
    "Fox", "Garden", "Gate", "Granite", "Green", "Harbour", "Hawk", "Hazel", "Heath", "Heron", "Hill",
    "Holly", "Horizon", "Iron", "Ivy", "Juniper", "Keystone", "Kingfisher", "Lake", "Lantern", "Laurel",
    "Lime", "Linden", "Maple", "Marsh", "Meadow", "Medway", "Mill", "Monarch", "Moor", "Newton", "North",
    "Oak", "Orchard", "Orion", "Otter", "Park", "Pilgrim", "Pine", "Quay", "Raven", "Ridge", "River",
    "Rowan", "Saxon", "Severn", "Shore", "Silver", "Sovereign", "Spring", "Stone", "Summit", "Swale",
    "Thames", "Thistle", "Tower", "Vale", "Valley", "Weald", "Wells", "Willow", "Wren", "Yew",
)  # fmt: skip

SUPPLIER_TRADES = (
    "Care", "Facilities", "Highways", "Digital", "Consulting", "Transport", "Property", "Environmental",
    "Healthcare", "Education", "Legal", "Technology", "Cleaning", "Catering", "Security", "Energy",
    "Housing", "Support", "Engineering", "Waste", "Print", "Data", "Network", "Training", "Homecare",
    "Fostering", "Recruitment", "Maintenance", "Logistics", "Lighting",
)  # fmt: skip

SUPPLIER_SUFFIXES = ("Ltd", "Limited", "plc", "LLP", "CIC", "Group Ltd", "Services Ltd", "Trust")

DECISION_MAKERS = (
    "Cabinet",
    "Leader of the Council",
    "Cabinet Member for Finance, Corporate and Traded Services",
    "Cabinet Member for Highways and Transport",
    "Cabinet Member for Adult Social Care and Public Health",
    "Cabinet Member for Children, Young People and Education",
    "Cabinet Member for Environment",
    "Cabinet Member for Economic Development",
)

SIGNIFICANCE_NOTES = (
    "Statutory service with high public profile",
    "Complex multi-agency arrangement",
    "Market fragility risk",
    "Strategic importance to the council's outcomes framework",
    "Reputational risk if service continuity fails",
)

PLAN_PRIORITIES = (
    "Deliver the medium term financial plan savings",
    "Embed strategic commissioning across the directorate",
    "Improve the customer experience of digital services",
    "Strengthen contract management and supplier performance",
    "Support the council's property rationalisation",
    "Develop the workforce and leadership capability",
    "Reduce demand through early intervention",
    "Increase the use of alternative service delivery models",
)

EXTENSION_OPTIONS = (
    (12, "Option to extend by 12 months"),
    (24, "Option to extend by 2 x 12 months"),
    (24, "Option to extend by up to 24 months"),
    (36, "Option to extend by 3 x 12 months"),
)
