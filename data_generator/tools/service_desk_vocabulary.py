"""Word lists of the ``it-service-desk-ticket`` scenario: titles, details, notes, fixes."""

from __future__ import annotations

#: Per service: support group, configuration items, incident, request and change titles.
SERVICES: dict[str, dict[str, tuple[str, ...]]] = {
    "email": {
        "group": ("Messaging Support",),
        "ci": ("EXCH-MBX-{nn}", "MAIL-GW-{nn}", "MAIL-ARCHIVE-{nn}"),
        "incident": ("Cannot send e-mail to external recipients",
                     "Shared mailbox not visible in the mail client",
                     "Mailbox full warning although quota was raised"),
        "request": ("New shared mailbox for the {dept} team", "Mail forwarding for a leaver"),
        "change": ("Apply security update to mail servers", "Migrate {dept} mailboxes"),
    },
    "vpn": {
        "group": ("Network Access",),
        "ci": ("VPN-GW-EU-{nn}", "VPN-GW-US-{nn}", "VPN-CLIENT-PKG-{nn}"),
        "incident": ("VPN disconnects every few minutes from {site}",
                     "Cannot connect to VPN after password change",
                     "VPN client shows a certificate error"),
        "request": ("VPN access for a new starter in {dept}", "Split tunnelling for {dept}"),
        "change": ("Renew VPN gateway certificate", "Upgrade VPN client to the new release"),
    },
    "laptop": {
        "group": ("End-User Computing",),
        "ci": ("LT-{serial}", "LT-IMAGE-{nn}", "DOCK-{serial}"),
        "incident": ("Laptop does not boot after an update", "Battery drains within an hour",
                     "Docking station not detected"),
        "request": ("Replacement laptop for a {dept} employee", "Extra monitor for {dept}"),
        "change": ("Roll out new laptop image to {site}",
                   "Enable disk encryption on {dept} laptops"),
    },
    "erp": {
        "group": ("ERP Application Support",),
        "ci": ("ERP-APP-{nn}", "ERP-DB-{nn}", "ERP-BATCH-{nn}"),
        "incident": ("Purchase order approval stuck in workflow",
                     "Cannot post invoices in the finance module",
                     "Month-end report times out"),
        "request": ("ERP approver role for a {dept} manager", "New cost centre for {dept}"),
        "change": ("Apply ERP quarterly patch", "Change approval limits for {dept}"),
    },
    "crm": {
        "group": ("CRM Support",),
        "ci": ("CRM-APP-{nn}", "CRM-INTEGRATION-{nn}", "CRM-DB-{nn}"),
        "incident": ("Opportunity records fail to save", "CRM dashboard shows outdated figures",
                     "Contact export to CSV fails"),
        "request": ("CRM licence for a new {dept} hire", "New sales pipeline view for {dept}"),
        "change": ("Deploy CRM release with new lead fields", "Update CRM e-mail integration"),
    },
    "network": {
        "group": ("Network Operations",),
        "ci": ("SW-{site3}-{nn}", "WLC-{site3}-{nn}", "FW-{site3}-{nn}"),
        "incident": ("Wi-Fi drops on floor {nn} at {site}", "Slow network in the {site} office",
                     "Network port dead in a meeting room at {site}"),
        "request": ("New network port for the {dept} area", "Guest Wi-Fi for an event at {site}"),
        "change": ("Replace core switch at {site}", "Firewall rule change for {dept}"),
    },
    "printing": {
        "group": ("End-User Services",),
        "ci": ("PRN-{site3}-{nn}", "PRINT-SRV-{nn}", "PRN-QUEUE-{nn}"),
        "incident": ("Printer jams on every job at {site}", "Print queue stuck at {site}",
                     "Scanned documents are not e-mailed"),
        "request": ("Add a printer for {dept}", "Toner delivery for {site}"),
        "change": ("Move print queues to the new print server", "Replace printers at {site}"),
    },
    "identity": {
        "group": ("Identity & Access",),
        "ci": ("IDP-{nn}", "DIR-DC-{nn}", "MFA-SVC-{nn}"),
        "incident": ("Account locked after password reset", "MFA prompt not received",
                     "Single sign-on fails for the {dept} portal"),
        "request": ("Access to the {dept} group", "New service account for {dept}"),
        "change": ("Enforce MFA for {dept}", "Rotate directory signing keys"),
    },
    "storage": {
        "group": ("Storage & Backup",),
        "ci": ("NAS-{site3}-{nn}", "SAN-{nn}", "BACKUP-{nn}"),
        "incident": ("Shared drive almost full", "Cannot restore a deleted folder",
                     "File share became read-only"),
        "request": ("New shared folder for {dept}", "More storage quota for {dept}"),
        "change": ("Expand the file server volume at {site}", "Change backup retention"),
    },
    "collaboration": {
        "group": ("Collaboration Services",),
        "ci": ("COLLAB-TENANT-{nn}", "MEETING-ROOM-{site3}-{nn}", "INTRANET-{nn}"),
        "incident": ("Meetings drop audio after a few minutes", "Cannot share screen in calls",
                     "Team channel missing for {dept}"),
        "request": ("New team workspace for {dept}", "Meeting-room booking for {site}"),
        "change": ("Upgrade meeting-room devices at {site}", "Change external sharing policy"),
    },
}  # fmt: skip
VOCABULARY = {
    "dept": ("Finance", "HR", "Sales", "Marketing", "Engineering", "Operations", "Legal",
             "Procurement", "Customer Service", "Facilities"),
    "site": ("Lisbon", "Singapore", "Denver", "Nairobi", "Toronto", "Warsaw", "Osaka", "Leeds"),
    "nn": tuple(f"{n:02d}" for n in range(1, 40)),
    "serial": tuple(f"{n:04d}" for n in range(1000, 10000, 7)),
}  # fmt: skip
#: Description openings and details, by ticket type.
LEADS = {
    "incident": "{name} reports: {title}.",
    "service-request": "{name} asks for the following: {title}.",
    "problem": "Problem record raised after repeated incidents reported by {name}: {title}.",
    "change": "Change requested by {name}: {title}.",
}
DETAILS: dict[str, tuple[str, ...]] = {
    "incident": ("It affects {users} people in {dept}.", "It started this morning at {site}.",
                 "The requester tried restarting, without success.",
                 "No workaround is known yet.", "Colleagues at {site} see the same behaviour."),
    "service-request": ("It is needed before the end of the week.",
                        "The {dept} manager has approved the request.",
                        "It is for {users} people in {dept}.",
                        "The requester will be at {site} for the handover."),
    "problem": ("{users} incidents were linked to it in the last quarter.",
                "The incidents cluster around {site}.", "A workaround exists but is manual.",
                "The {dept} team is the most affected."),
    "change": ("Planned for the next maintenance window at {site}.",
               "Expected downtime is under {users} minutes.",
               "A rollback plan has been reviewed.", "The {dept} team has been informed."),
}  # fmt: skip
NOTES = (
    "Contacted the requester to collect details.",
    "Reproduced the behaviour on {ci}.",
    "Checked the logs of {ci}; nothing unusual before the report.",
    "Waiting for the requester to confirm a suitable time.",
    "Asked the vendor for guidance; case opened with their support.",
    "Applied a configuration change on {ci} and monitoring it.",
    "Discussed with the {group} team lead; plan agreed.",
    "Scheduled the work in the next maintenance window.",
)
RESOLUTIONS: dict[str, str] = {
    "fixed": "Applied the fix on {ci} and confirmed with the requester.",
    "workaround": "Provided a workaround on {ci}; the permanent fix is tracked separately.",
    "no-fault-found": "Tested {ci} with the requester; the fault could not be reproduced.",
    "user-error": "Walked the requester through the correct steps; nothing was broken.",
    "duplicate": "Linked to an existing ticket for {ci} and closed as a duplicate.",
    "fulfilled": "Completed the request and confirmed with the requester.",
    "cancelled": "Cancelled at the requester's or owner's request; no work was done on {ci}.",
    "root-cause-removed": "Found the root cause on {ci} and removed it; no new incidents since.",
    "known-error": "Documented as a known error for {ci} with a workaround.",
    "implemented": "Implemented on {ci} as planned and verified by {group}.",
    "rolled-back": "The change on {ci} failed verification and was rolled back.",
}
