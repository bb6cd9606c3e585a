"""Word lists of the ``tech-support-sop`` scenario: topics, steps, prerequisites, titles."""

from __future__ import annotations

from typing import NamedTuple


class Topic(NamedTuple):
    """What the offline provider writes about one problem category."""

    title: str
    team: str
    escalate_to: tuple[str, ...]
    subtopics: tuple[str, ...]
    symptoms: tuple[str, ...]
    #: Category steps in procedure order: (action, expected result, if it fails or None).
    steps: tuple[tuple[str, str, str | None], ...]


_NEXT = "Continue with the next step."
TOPICS: dict[str, Topic] = {
    "connectivity": Topic(
        "Restore {subtopic} connectivity", "Network Operations",
        ("Network Operations", "Site Infrastructure"),
        ("Wi-Fi", "VPN client", "wired Ethernet", "DNS resolution", "proxy settings"),
        ("The user sees 'No internet' on {subtopic}", "Internal sites time out over {subtopic}",
         "The connection drops every few minutes", "Only some web sites load"),
        (("Check the network indicator and airplane mode", "The device shows a connection", None),
         ("Forget and rejoin the corporate network", "The device gets an IP address",
          "Note the error shown and continue."),
         ("Run the built-in network troubleshooter", "It reports no remaining problem", _NEXT),
         ("Flush the DNS cache and renew the address lease", "Internal names resolve", _NEXT),
         ("Reinstall the {subtopic} profile from the management portal",
          "The profile shows as installed", "Check the portal for deployment errors."),
         ("Test from another network, such as a phone hotspot", "The problem does not appear",
          "Treat it as a device fault and continue."),
         ("Compare the proxy and firewall settings with the baseline", "They match", None),
         ("Capture a network trace while reproducing the problem", "The trace is attached",
          None)),
    ),
    "authentication": Topic(
        "Resolve {subtopic} sign-in problems", "Identity and Access Management",
        ("Identity and Access Management", "Security Operations Centre"),
        ("password reset", "MFA prompt", "account lockout", "single sign-on", "device certificate"),
        ("The user cannot sign in after a {subtopic}", "Sign-in loops back to the login page",
         "The user is told the account is locked", "MFA codes are rejected"),
        (("Verify the user's identity with the approved questions", "Identity is confirmed",
          "Stop and follow the identity-verification policy."),
         ("Check the account status in the directory console", "The account is enabled", _NEXT),
         ("Unlock the account and note the lockout source", "The account is unlocked", None),
         ("Check the device clock and time zone", "Time is in sync", "Resync the clock."),
         ("Re-register the user's MFA method", "A test prompt is approved",
          "Issue a temporary access pass."),
         ("Review recent sign-in logs for failures", "No failures from unknown locations",
          "Treat it as a possible compromise."),
         ("Clear cached credentials and sign in again", "The user signs in", _NEXT),
         ("Renew the device certificate", "The new certificate is valid", None)),
    ),
    "performance": Topic(
        "Diagnose {subtopic}", "End-User Computing", ("End-User Computing", "Desktop Engineering"),
        ("slow start-up", "high CPU usage", "low disk space", "memory pressure", "slow browser"),
        ("The device takes minutes to become usable", "Applications freeze for seconds",
         "The fan runs constantly", "The user reports {subtopic}"),
        (("Check uptime and restart if it exceeds seven days", "The device restarts", None),
         ("Open the task manager and sort by CPU and memory", "No process stays above 80%",
          "Note the top process and continue."),
         ("Check free disk space on the system drive", "At least 15% is free",
          "Run the disk clean-up tool."),
         ("Disable unneeded start-up applications", "Fewer items start at sign-in", None),
         ("Install pending operating system and driver updates", "No update is pending", _NEXT),
         ("Run the hardware diagnostics tool", "All tests pass", "Open a hardware case."),
         ("Compare the device against the performance baseline", "Scores are within range",
          None),
         ("Collect a performance trace during the slowdown", "The trace is attached", None)),
    ),
    "data-loss": Topic(
        "Recover from {subtopic}", "Backup and Recovery", ("Backup and Recovery", "Storage Team"),
        ("deleted files", "sync conflict", "corrupted document", "lost mailbox items",
         "failed backup"),
        ("The user cannot find files after {subtopic}", "A document opens with errors",
         "Folders show sync warnings", "Yesterday's changes are missing"),
        (("Ask when the data was last seen and where it was stored", "A time and path are known",
          None),
         ("Check the recycle bin and the cloud recycle bin", "The items are found", _NEXT),
         ("Check the sync client status and pause syncing", "Syncing is paused", None),
         ("Restore the previous version from version history", "The version opens",
          "Try an older version."),
         ("Search the last backup for the missing items", "The items are in the backup",
          "Record the gap and continue."),
         ("Restore the items to a separate folder", "The user confirms the content", _NEXT),
         ("Resume syncing and watch for conflicts", "No conflict copies appear", None),
         ("Document what was lost and for how long", "The record is in the ticket", None)),
    ),
    "hardware": Topic(
        "Troubleshoot {subtopic} faults", "Field Services", ("Field Services", "Vendor Support"),
        ("docking station", "laptop battery", "external monitor", "keyboard and trackpad",
         "webcam and microphone"),
        ("The {subtopic} stops working intermittently", "The device is not detected",
         "The user hears a clicking sound", "Battery drains within an hour"),
        (("Check cables, power and physical damage", "Everything is seated and intact", None),
         ("Try the accessory on another port or device", "It works elsewhere",
          "Treat the accessory as faulty."),
         ("Update the firmware and drivers", "The latest versions are installed", _NEXT),
         ("Reset the device's power management settings", "Defaults are restored", None),
         ("Run the vendor diagnostics", "All tests pass", "Note the error code."),
         ("Check the warranty status with the asset tag", "The device is under warranty",
          "Request a replacement through procurement."),
         ("Swap in a loan device for the user", "The user can work", None),
         ("Book a courier collection for repair", "A collection is booked", None)),
    ),
    "software-install": Topic(
        "Fix {subtopic} problems", "Application Packaging",
        ("Application Packaging", "Software Asset Management"),
        ("install failure", "licence activation", "update rollback", "missing dependency",
         "self-service request"),
        ("The installer stops with an error code", "The application asks for a licence again",
         "The user reports a {subtopic}", "The software centre shows 'failed'"),
        (("Confirm the application is on the approved list", "It is approved",
          "Ask the user to request approval."),
         ("Check free disk space and pending restarts", "Space is free, no restart pending",
          "Restart and free space first."),
         ("Retry the install from the software centre", "The install succeeds", _NEXT),
         ("Read the installer log for the failing component", "The cause is identified", None),
         ("Install the missing runtime or dependency", "It installs cleanly", None),
         ("Check the licence assignment in the admin console", "A licence is assigned",
          "Assign a licence if one is free."),
         ("Remove leftovers of earlier versions", "No old version remains", None),
         ("Repackage the install for the device model", "A test install works", None)),
    ),
    "email": Topic(
        "Resolve {subtopic} issues", "Messaging and Collaboration",
        ("Messaging and Collaboration", "Security Operations Centre"),
        ("full mailbox", "outbox stuck", "calendar sharing", "shared mailbox access",
         "phishing report button"),
        ("Messages stay in the outbox", "The user gets quota warnings",
         "The user reports a {subtopic} problem", "Colleagues cannot see free/busy times"),
        (("Check the service health page for incidents", "No incident is listed",
          "Link the ticket to the incident."),
         ("Check the mailbox size against its quota", "It is under 90%",
          "Archive old items with the user."),
         ("Restart the mail client in safe mode", "The problem does not appear",
          "Disable add-ins one by one."),
         ("Check the permissions on the mailbox or calendar", "They are as requested", None),
         ("Rebuild the local mail profile", "The mailbox syncs", _NEXT),
         ("Run a message trace for a failing message", "The message shows as delivered", None),
         ("Test with the web mail client", "Web mail works", "Treat it as a server issue."),
         ("Review mail flow rules affecting the user", "No rule blocks the mail", None)),
    ),
    "printing": Topic(
        "Clear {subtopic} problems", "Print Services", ("Print Services", "Facilities"),
        ("print queue stuck", "driver install", "scan to e-mail", "secure print release",
         "wrong paper tray"),
        ("Jobs stay in the queue", "The printer prints garbled pages",
         "The user reports a {subtopic} problem", "Badge release does nothing"),
        (("Check the printer panel for errors, paper and toner", "The panel shows Ready",
          "Clear the error or load paper."),
         ("Cancel stuck jobs and restart the print spooler", "The queue is empty", None),
         ("Print a test page from the device", "The page prints", _NEXT),
         ("Reinstall the printer with the managed driver", "The driver is listed", None),
         ("Check the user's badge is linked in the print portal", "The badge is linked",
          "Link the badge."),
         ("Check the scan destination address", "A test scan arrives", None),
         ("Ping the printer from the print server", "It answers", "Ask facilities to check it."),
         ("Move the user to another printer meanwhile", "The user can print", None)),
    ),
    "security-incident": Topic(
        "Respond to a {subtopic}", "Security Operations Centre",
        ("Security Operations Centre", "Incident Response"),
        ("suspected phishing click", "malware alert", "lost or stolen device",
         "compromised account", "unexpected admin rights"),
        ("The user reports a {subtopic}", "The endpoint tool raised an alert",
         "Unknown sign-ins appear for the user", "Files were renamed with a new extension"),
        (("Record who reported what, and when", "The facts are in the ticket", None),
         ("Disconnect the device from the network", "The device is isolated",
          "Isolate it from the endpoint console."),
         ("Reset the user's password and revoke sessions", "All sessions are revoked", None),
         ("Preserve logs and do not wipe the device", "Evidence is kept", None),
         ("Run a full endpoint scan", "No threat remains", "Keep the device isolated."),
         ("Check the mailbox for forwarding rules", "No unknown rule exists", "Remove the rule."),
         ("Remote-lock or wipe a lost device", "The command is acknowledged", None),
         ("Notify the user's manager as the policy requires", "The manager is informed", None)),
    ),
}  # fmt: skip
EARLY_STEPS = (
    ("Confirm the symptoms with the user and note the time they started",
     "The symptoms are written in the ticket", None),
    ("Check the device has the latest updates", "No update is pending", _NEXT),
    ("Restart the device and test again", "The problem is gone", _NEXT),
)  # fmt: skip
LATE_STEPS = (
    ("Collect logs with the support diagnostics tool", "The log bundle is attached", None),
    ("Check whether colleagues on the same site are affected", "Only this user is affected",
     "Raise it as a possible incident."),
    ("Apply the documented workaround", "The user can work again", None),
    ("Ask the user to confirm the fix", "The user confirms", "Reopen the ticket."),
)  # fmt: skip
OPENING = (
    "Open a ticket and confirm the device is in scope: {system}",
    "The ticket shows the asset tag",
    "Stop: this SOP does not cover the device.",
)
CLOSING = ("Record the outcome and close the ticket", "The ticket is closed with notes", None)
PREREQUISITES = (
    "A ticket in the service desk tool", "The user's asset tag", "Remote support consent",
    "Access to the admin console", "A test account", "The approved software list",
    "Access to the endpoint management portal", "A loan device in stock",
)  # fmt: skip
WHEN = (
    "The problem persists after the last step",
    "Several users on the same site report the same symptom",
    "A fix needs rights the technician does not have",
    "The user cannot work and no workaround helps",
    "Any step shows signs of a security compromise",
)
ARTICLE_TITLES = (
    "{Subtopic}: known issues", "Collecting diagnostics for {subtopic}",
    "{Subtopic} FAQ for support staff", "Workarounds for {subtopic}",
)  # fmt: skip
