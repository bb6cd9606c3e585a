"""Phrase tables of the ``it-service-desk-ticket`` scenario, by service, type and status.

A ticket's title, description, work notes and resolution notes are expanded from these
tables with the ticket's own facts (its site, department, configuration item, people and
numbers), so every text names the same service, place and item.
"""

from __future__ import annotations

from typing import NamedTuple


class ServiceWords(NamedTuple):
    """What the offline provider writes about one IT service."""

    group: str
    #: Configuration-item name templates (CMDB names).
    ci: tuple[str, ...]
    #: Grammar tables of this service: ``incident``, ``request``, ``change`` (title cores),
    #: ``check`` (investigation), ``fix`` (a fix, past tense), ``cause`` (a root cause).
    tables: dict[str, tuple[str, ...]]


SERVICES: dict[str, ServiceWords] = {
    "email": ServiceWords(
        "Messaging Support",
        ("EXCH-MBX-{nn}", "MAIL-GW-{nn}", "MAIL-ARCHIVE-{nn}"),
        {
            "incident": (
                "Cannot send e-mail to external recipients",
                "Shared mailbox not visible in the mail client",
                "Mailbox full warning although quota was raised",
                "E-mails to {dept} arrive hours late",
                "Calendar invites not delivered",
                "Outlook keeps asking for a password",
            ),
            "request": (
                "New shared mailbox for the {dept} team",
                "Mail forwarding for a leaver",
                "Distribution list for {dept} at {site}",
                "Larger mailbox quota",
            ),
            "change": (
                "Apply security update to mail servers",
                "Migrate {dept} mailboxes",
                "Tighten the spam filter policy",
                "Move the mail gateway to new hardware",
            ),
            "check": (
                "ran a message trace for a failing message",
                "checked the transport queues",
                "compared the mailbox quota with its size",
                "checked the mail flow rules",
                "reviewed the gateway logs",
            ),
        },
    ),
    "vpn": ServiceWords(
        "Network Access",
        ("VPN-GW-EU-{nn}", "VPN-GW-US-{nn}", "VPN-CLIENT-PKG-{nn}"),
        {
            "incident": (
                "VPN disconnects every few minutes",
                "Cannot connect to VPN after password change",
                "VPN client shows a certificate error",
                "VPN connects but no internal sites load",
                "VPN very slow for {dept}",
            ),
            "request": (
                "VPN access for a new starter in {dept}",
                "Split tunnelling for {dept}",
                "VPN access for a contractor",
                "Second VPN profile for travel",
            ),
            "change": (
                "Renew VPN gateway certificate",
                "Upgrade VPN client to the new release",
                "Add a VPN gateway for {site}",
                "Change the VPN idle timeout",
            ),
            "check": (
                "checked the gateway session logs",
                "compared the client version with the baseline",
                "tested a connection from a clean profile",
                "checked the certificate chain",
                "looked at gateway load",
            ),
        },
    ),
    "laptop": ServiceWords(
        "End-User Computing",
        ("LT-{serial}", "LT-IMAGE-{nn}", "DOCK-{serial}"),
        {
            "incident": (
                "Laptop does not boot after an update",
                "Battery drains within an hour",
                "Docking station not detected",
                "Laptop overheats and shuts down",
                "Keyboard stops responding",
            ),
            "request": (
                "Replacement laptop for a {dept} employee",
                "Extra monitor for {dept}",
                "Laptop for a new starter in {dept}",
                "Headset and dock for {site}",
            ),
            "change": (
                "Roll out new laptop image to {site}",
                "Enable disk encryption on {dept} laptops",
                "Update BIOS on {dept} laptops",
                "Retire old laptop models at {site}",
            ),
            "check": (
                "ran the hardware diagnostics",
                "checked the BIOS and driver versions",
                "tested with a second dock",
                "checked the battery health report",
                "looked at the crash dumps",
            ),
        },
    ),
    "erp": ServiceWords(
        "ERP Application Support",
        ("ERP-APP-{nn}", "ERP-DB-{nn}", "ERP-BATCH-{nn}"),
        {
            "incident": (
                "'{error}' in the {feature}",
                "{Feature} fails when {action}",
                "Cannot post invoices in the finance module",
                "Month-end report times out",
                "'{error}' when {action}",
            ),
            "request": (
                "ERP approver role for a {dept} manager",
                "New cost centre for {dept}",
                "Access to the {feature} for {dept}",
                "New report on {entities} for {dept}",
            ),
            "change": (
                "Apply ERP quarterly patch",
                "Change approval limits for {dept}",
                "Add a field to the {feature}",
                "Archive old {entities}",
            ),
            "check": (
                "reproduced the error in the {feature}",
                "checked the batch job log",
                "checked the user's ERP roles",
                "traced the failing {entity}",
                "checked the posting periods",
            ),
        },
    ),
    "crm": ServiceWords(
        "CRM Support",
        ("CRM-APP-{nn}", "CRM-INTEGRATION-{nn}", "CRM-DB-{nn}"),
        {
            "incident": (
                "Opportunity records fail to save",
                "'{error}' in the {feature}",
                "{Feature} shows outdated figures",
                "'{error}' when {action}",
                "Contact export to CSV fails",
            ),
            "request": (
                "CRM licence for a new {dept} hire",
                "New sales pipeline view for {dept}",
                "Access to the {feature} for {dept}",
                "Bulk update of {entities} for {dept}",
            ),
            "change": (
                "Deploy CRM release with new lead fields",
                "Update CRM e-mail integration",
                "Add a validation rule to {entities}",
                "Rework the {feature}",
            ),
            "check": (
                "reproduced the problem in the {feature}",
                "checked the integration log",
                "checked the user's CRM profile",
                "traced a failing {entity}",
                "checked the sharing rules",
            ),
        },
    ),
    "network": ServiceWords(
        "Network Operations",
        ("SW-{site3}-{nn}", "WLC-{site3}-{nn}", "FW-{site3}-{nn}"),
        {
            "incident": (
                "Wi-Fi drops on floor {nn}",
                "Slow network in the office",
                "Network port dead in a meeting room",
                "No network on floor {nn}",
                "Packet loss on the link to the data centre",
            ),
            "request": (
                "New network port for the {dept} area",
                "Guest Wi-Fi for an event",
                "Fixed IP address for a {dept} device",
                "Wi-Fi coverage survey for floor {nn}",
            ),
            "change": (
                "Replace core switch",
                "Firewall rule change for {dept}",
                "Upgrade wireless controller firmware",
                "Add a VLAN for {dept}",
            ),
            "check": (
                "checked the switch port counters",
                "looked at the wireless controller logs",
                "ran a site survey",
                "checked the firewall hit counts",
                "traced the route to the data centre",
            ),
        },
    ),
    "printing": ServiceWords(
        "End-User Services",
        ("PRN-{site3}-{nn}", "PRINT-SRV-{nn}", "PRN-QUEUE-{nn}"),
        {
            "incident": (
                "Printer jams on every job",
                "Print queue stuck",
                "Scanned documents are not e-mailed",
                "Badge release does not work",
                "Prints come out blank",
            ),
            "request": (
                "Add a printer for {dept}",
                "Toner delivery",
                "Scan-to-folder for {dept}",
                "Colour printing rights for {dept}",
            ),
            "change": (
                "Move print queues to the new print server",
                "Replace printers",
                "Update printer drivers for {dept}",
                "Enable secure print release",
            ),
            "check": (
                "checked the printer panel and its error log",
                "restarted the spooler",
                "printed a test page",
                "checked the scan destination",
                "checked the badge registration",
            ),
        },
    ),
    "identity": ServiceWords(
        "Identity & Access",
        ("IDP-{nn}", "DIR-DC-{nn}", "MFA-SVC-{nn}"),
        {
            "incident": (
                "Account locked after password reset",
                "MFA prompt not received",
                "Single sign-on fails for the {dept} portal",
                "Password reset link expired",
                "Sign-in loops back to the login page",
            ),
            "request": (
                "Access to the {dept} group",
                "New service account for {dept}",
                "Admin rights for a {dept} engineer",
                "Remove access for a leaver",
            ),
            "change": (
                "Enforce MFA for {dept}",
                "Rotate directory signing keys",
                "Shorten password expiry",
                "Add a conditional access policy",
            ),
            "check": (
                "checked the sign-in logs",
                "checked the lockout source",
                "checked the user's MFA methods",
                "checked group membership",
                "checked the SSO certificate",
            ),
        },
    ),
    "storage": ServiceWords(
        "Storage & Backup",
        ("NAS-{site3}-{nn}", "SAN-{nn}", "BACKUP-{nn}"),
        {
            "incident": (
                "Shared drive almost full",
                "Cannot restore a deleted folder",
                "File share became read-only",
                "Backup job failed",
                "Shared drive very slow",
            ),
            "request": (
                "New shared folder for {dept}",
                "More storage quota for {dept}",
                "Restore of a deleted folder",
                "Archive of a finished project",
            ),
            "change": (
                "Expand the file server volume",
                "Change backup retention",
                "Move the {dept} share to new storage",
                "Enable snapshots on the {dept} share",
            ),
            "check": (
                "checked the volume usage",
                "checked the backup job log",
                "checked the share permissions",
                "looked at the snapshot list",
                "checked disk latency",
            ),
        },
    ),
    "collaboration": ServiceWords(
        "Collaboration Services",
        ("COLLAB-TENANT-{nn}", "MEETING-ROOM-{site3}-{nn}", "INTRANET-{nn}"),
        {
            "incident": (
                "Meetings drop audio after a few minutes",
                "Cannot share screen in calls",
                "Team channel missing for {dept}",
                "Meeting room display stays black",
                "Intranet page shows an error",
            ),
            "request": (
                "New team workspace for {dept}",
                "Meeting-room booking",
                "Guest access for a partner of {dept}",
                "Intranet page for {dept}",
            ),
            "change": (
                "Upgrade meeting-room devices",
                "Change external sharing policy",
                "Archive old team workspaces",
                "Roll out the new meeting client to {dept}",
            ),
            "check": (
                "checked the call quality dashboard",
                "tested the meeting-room device",
                "checked the workspace membership",
                "checked the client version",
                "checked the sharing policy",
            ),
        },
    ),
}

#: Per service: root causes, each with the fix that removes it (services with a product
#: domain, ERP and CRM, take theirs from :mod:`data_generator.domains`).
CAUSES: dict[str, tuple[tuple[str, str], ...]] = {
    "email": (
        ("a mail flow rule that caught outbound mail", "removed the faulty mail flow rule"),
        ("a full transport queue", "cleared the stuck transport queue"),
        ("mailbox permissions lost in a migration", "re-added the mailbox permissions"),
        ("an expired gateway certificate", "renewed the gateway certificate"),
        ("a corrupt local mail profile", "rebuilt the mail profile"),
    ),
    "vpn": (
        ("an expired machine certificate", "renewed the machine certificate"),
        ("an outdated VPN client", "reinstalled the current VPN client"),
        ("an overloaded gateway", "moved the user to a less loaded gateway"),
        ("a route missing from the split-tunnel list", "added the route to the split-tunnel list"),
        ("a corrupt VPN profile", "reset the user's VPN profile"),
    ),
    "laptop": (
        ("a faulty driver update", "rolled back the faulty driver"),
        ("a worn-out battery", "replaced the battery"),
        ("outdated dock firmware", "updated the dock firmware"),
        ("a failing system disk", "replaced the disk and reimaged the laptop"),
        ("an outdated BIOS", "updated the BIOS"),
    ),
    "network": (
        ("a faulty patch cable", "replaced the patch cable"),
        ("channel interference between access points", "moved the access point channels"),
        ("a switch port disabled by port security", "re-enabled the switch port"),
        ("a failing transceiver", "replaced the transceiver"),
        ("a hung wireless controller", "restarted the wireless controller"),
    ),
    "printing": (
        ("a worn pick-up roller", "replaced the pick-up roller"),
        ("a corrupt job in the spooler", "cleared the spooler and restarted it"),
        ("an outdated printer driver", "reinstalled the managed driver"),
        ("a wrong scan destination address", "corrected the scan destination"),
        ("a badge missing from the print portal", "re-registered the user's badge"),
    ),
    "identity": (
        ("a phone with old stored credentials", "cleared the stale credentials"),
        ("an expired SSO certificate", "renewed the SSO certificate"),
        ("a missing group membership", "added the user to the right group"),
        ("a lost MFA device", "re-registered the MFA method"),
        ("a password change not yet synced", "forced a directory sync"),
    ),
    "storage": (
        ("a volume without free space", "expanded the volume"),
        ("a backup job blocked by open files", "reran the backup with snapshots on"),
        ("permissions reset by a script", "restored the share permissions"),
        ("a failing disk in the array", "replaced the failing disk"),
        ("a deleted folder", "restored the folder from last night's backup"),
    ),
    "collaboration": (
        ("an outdated meeting client", "updated the meeting client"),
        ("a room device stuck after an update", "restarted the room device"),
        ("a channel deleted by mistake", "restored the team channel"),
        ("a sharing policy that blocks guests", "corrected the sharing policy"),
        ("a loose HDMI cable in the room", "replaced the room's HDMI cable"),
    ),
}
VOCABULARY = {
    "dept": (
        "Finance",
        "HR",
        "Sales",
        "Marketing",
        "Engineering",
        "Operations",
        "Legal",
        "Procurement",
        "Customer Service",
        "Facilities",
    ),
    "site": ("Lisbon", "Singapore", "Denver", "Nairobi", "Toronto", "Warsaw", "Osaka", "Leeds"),
    "nn": tuple(f"{n:02d}" for n in range(1, 40)),
    "serial": tuple(f"{n:04d}" for n in range(1000, 10000, 7)),
}

#: Tables every ticket shares; a service's own tables are added to them.
SHARED: dict[str, tuple[str, ...]] = {
    "title": (
        "{core} at {site}",
        "{core} for {dept}",
        "{core} on {ci}",
        "{core} ({users} users affected)",
        "{core} since {clock}",
        "{core} - {dept}, {site}",
        "{core} at {site} since {clock}",
        "{core} on {ci} ({users} users affected)",
    ),
    "lead_incident": (
        "{requester} reports: {subject}.",
        "{requester} called in: {subject}.",
        "Reported by {requester} ({dept}): {subject}.",
        "{subject}, reported by {requester}.",
    ),
    "lead_request": (
        "{requester} asks for the following: {subject}.",
        "Request from {requester} in {dept}: {subject}.",
        "{requester} needs this: {subject}.",
    ),
    "lead_problem": (
        "Problem record raised after repeated incidents reported by {requester}: {subject}.",
        "Problem opened by {group} to find the cause of repeated incidents: {subject}.",
        "Recurring incidents, the latest from {requester}: {subject}.",
    ),
    "lead_change": (
        "Change requested by {requester}: {subject}.",
        "{requester} ({dept}) requests a change: {subject}.",
        "Change proposed by {group} for {requester}: {subject}.",
    ),
    "detail_incident": (
        "It affects {users} people in {dept} at {site}.",
        "It started at {clock} at {site}.",
        "{Requester} tried {tried}, without success.",
        "No workaround is known yet for the {users} affected users.",
        "Colleagues in {dept} see the same since {clock}.",
        "{Requester} is working from {site} today and needs it by {deadline}.",
        "The problem shows on {ci} about every {few} minutes.",
    ),
    "detail_request": (
        "It is needed within {few} working days for {users} people.",
        "The {dept} manager approved the request at {clock}.",
        "It is for {users} people in {dept} at {site}.",
        "{Requester} will be at {site} for the handover by {deadline}.",
        "Cost centre {dept}-{nn} will be charged for {ci}.",
    ),
    "detail_problem": (
        "{users} incidents were linked to it in the last quarter.",
        "The incidents cluster around {site} and {ci}.",
        "A workaround exists but takes {few} minutes each time for {dept}.",
        "The {dept} team at {site} is the most affected.",
        "The last incident was logged by {requester} at {clock}.",
    ),
    "detail_change": (
        "Planned for the maintenance window on {weekday} at {clock}.",
        "Expected downtime on {ci} is under {few}0 minutes.",
        "A rollback plan for {ci} has been reviewed by {group}.",
        "The {dept} team at {site} has been informed.",
        "{users} users will see the change on {weekday}.",
    ),
    "deadline": (
        "the end of the day",
        "noon",
        "tomorrow morning",
        "Friday",
        "the next meeting",
        "the month-end close",
        "{clock} tomorrow",
        "the weekend",
    ),
    "tried": (
        "restarting",
        "signing out and in again",
        "another device",
        "the web version",
        "clearing the cache",
        "a different network",
    ),
    "weekday": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "few": tuple(str(n) for n in range(2, 10)),
    # Work notes, in the order a ticket's work goes: triage, investigation, then its state.
    "note_triage": (
        "Triaged as {priority} at {clock}; assigned to {group}.",
        "Logged from {channel} at {clock}; {ci} recorded as the affected item.",
        "Categorised under {service} for {requester}; priority {priority}.",
        "Contacted {requester} to collect details about {ci}.",
        "Called {requester} at {clock}; symptoms confirmed.",
    ),
    "note_investigate": (
        "{Check} on {ci}; {finding}.",
        "{Check} at {clock}; {finding}.",
        "Reproduced the problem on {ci} at {clock}.",
        "{Check} with {requester}; {finding}.",
        "Discussed {ci} with the {group} team lead at {clock}; plan agreed.",
    ),
    "finding": (
        "nothing unusual before {clock}",
        "errors start at {clock}",
        "{users} users show the same",
        "only {ci} is affected",
        "the same pattern as last week at {site}",
        "it looks like {cause}",
        "the logs point to {cause}",
    ),
    "note_pending": (
        "Waiting for {requester} to confirm a suitable time.",
        "Asked the vendor about {ci}; case {vendor_ref} opened with their support.",
        "On hold until the maintenance window on {weekday}; {requester} informed.",
        "Waiting for {requester} to test from {site}.",
        "Parts ordered for {ci}; delivery expected in {few} days.",
    ),
    "note_progress": (
        "Working on {ci}; the likely cause is {cause}.",
        "Applied a configuration change on {ci} and monitoring it until {clock}.",
        "Started work on {ci}; next update to {requester} by {clock}.",
        "Preparing the fix for {cause} on {ci}; {users} users will be told.",
    ),
    "note_new": (
        "Ticket received from {channel} at {clock}; awaiting triage.",
        "Auto-acknowledgement sent to {requester} at {clock}.",
        "Matched {ci} from the CMDB at {clock}; awaiting assignment.",
    ),
    "note_investigate_request": (
        "Checked the approval from the {dept} manager at {clock}.",
        "Prepared {ci} for {requester}; ready by {deadline}.",
        "Confirmed the details with {requester} at {clock}.",
        "Checked stock for {ci}; {few} available at {site}.",
    ),
    "note_pending_request": (
        "Waiting for approval from the {dept} manager since {clock}.",
        "Waiting for {requester} to pick a time at {site}.",
        "Order for {ci} placed; delivery expected in {few} days.",
    ),
    "note_progress_request": (
        "Setting up {ci} for {requester}; next update by {clock}.",
        "Work on the request for {dept} started at {clock}.",
    ),
    "note_investigate_change": (
        "Change reviewed by the change board at {clock}; approved.",
        "Tested the change on a copy of {ci}; no errors.",
        "Rollback plan for {ci} checked with {group} at {clock}.",
        "Told {users} users in {dept} about the window on {weekday}.",
    ),
    "note_pending_change": (
        "Waiting for the change board on {weekday}; {ci} unchanged.",
        "Waiting for the maintenance window on {weekday} at {clock}.",
    ),
    "note_progress_change": (
        "Change on {ci} under way since {clock}.",
        "Pre-checks on {ci} done at {clock}; starting the change.",
    ),
    # Resolution notes, by resolution code.
    "resolution_fixed": (
        "{Fix} on {ci} and confirmed with {requester}.",
        "Cause was {cause}; {fix} and {requester} confirmed at {clock}.",
        "{Fix}; no errors on {ci} since {clock}.",
    ),
    "resolution_workaround": (
        "Gave {requester} a workaround ({workaround}); the fix for {cause} is tracked separately.",
        "Workaround in place on {ci} since {clock}: {workaround}.",
    ),
    "resolution_no-fault-found": (
        "Tested {ci} with {requester} at {clock}; the fault could not be reproduced.",
        "No fault found on {ci} after {few} days of monitoring.",
    ),
    "resolution_user-error": (
        "Walked {requester} through the correct steps at {clock}; nothing was broken on {ci}.",
        "Showed {requester} how to {user_step}; no fault on {ci}.",
    ),
    "resolution_duplicate": (
        "Linked to {parent} for {ci} and closed as a duplicate.",
        "Same fault on {ci} as {parent} ({cause}); closed as a duplicate.",
    ),
    "resolution_fulfilled": (
        "Completed the request for {dept} and confirmed with {requester} at {clock}.",
        "Done on {ci}; {requester} confirmed on {weekday} at {clock}.",
    ),
    "resolution_cancelled": (
        "Cancelled at {requester}'s request on {weekday}; no work was done on {ci}.",
        "Cancelled by the {group} owner at {clock}; nothing changed on {ci}.",
    ),
    "resolution_root-cause-removed": (
        "Root cause was {cause}; {fix} and no incidents since {weekday} at {clock}.",
        "Found {cause} on {ci} and removed it: {fix}.",
    ),
    "resolution_known-error": (
        "Documented as a known error for {ci}: {cause}; workaround: {workaround}.",
        "Known error {parent} recorded for {cause} on {ci}; fix planned with the vendor.",
    ),
    "resolution_implemented": (
        "Implemented on {ci} as planned on {weekday} at {clock} and verified by {group}.",
        "Change done on {ci} in {few}0 minutes; {group} verified it at {clock}.",
    ),
    "resolution_rolled-back": (
        "The change on {ci} failed verification at {clock} and was rolled back.",
        "Rolled back on {ci} after {users} users reported errors.",
    ),
    "workaround": (
        "use the web version",
        "connect from another site",
        "restart the client first",
        "use a spare device",
        "send the job to another printer",
        "sign in again",
    ),
    "user_step": (
        "change the setting themselves",
        "find the right menu",
        "pick the right account",
        "select the right option",
        "use the self-service portal",
    ),
}
