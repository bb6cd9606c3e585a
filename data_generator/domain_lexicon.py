"""The raw word lists of :mod:`data_generator.domains`: one entry per product domain.

Each entry is compact text: ``|`` separates alternatives, ``/`` an entity's singular from
its plural, ``=>`` a root cause from the fix that removes it. Areas are tech-support's:
frontend, backend, database, network, other. :mod:`data_generator.domains` parses them
once at import.
"""

from __future__ import annotations

#: One mapping per product domain; see the module docs for the notation.
LEXICON: tuple[dict[str, str], ...] = (
    {
        "name": "crm",
        "product": "CRM",
        "keywords": "crm|customer relationship|sales pipeline|salesforce|leads|lead|"
        "opportunities|opportunity|contacts|deal|deals",
        "entities": "contact/contacts|opportunity/opportunities|lead/leads|account/accounts|"
        "deal/deals|sales quote/sales quotes|activity/activities",
        "features": "pipeline board|contact list|lead inbox|forecast report|deal timeline|"
        "account hierarchy|sales dashboard",
        "actions": "merging duplicate contacts|importing leads from a CSV file|"
        "moving a deal to the next stage|syncing the Outlook calendar|"
        "bulk-editing account owners|converting a lead",
        "errors": "Duplicate detection rule failed|Record is locked by another user|"
        "Stage transition not allowed|Import row rejected: missing owner",
        "frontend": "A stale pipeline board cache in the browser => Invalidated the board "
        "cache on every stage change|A date picker that ignores the user's time zone => "
        "Made the date picker use the user's time zone",
        "backend": "A merge job that skips contacts with two e-mail addresses => Taught the "
        "merge job to compare every e-mail address|A lead assignment rule that loops on "
        "round-robin queues => Added a guard to the lead assignment rule",
        "database": "A missing index on the opportunities table => Added the index on the "
        "opportunities table|An unlinked activities table after a partial import => "
        "Relinked the orphaned activity rows",
        "network": "An expired certificate on the calendar sync endpoint => Renewed the "
        "calendar sync certificate|A proxy that strips the CRM session cookie => Allowed "
        "the session cookie through the proxy",
        "other": "A sales territory rule pointing at a deleted team => Repointed the "
        "territory rule to the current team|A licence limit reached on sales seats => "
        "Raised the seat limit on the subscription",
        "workarounds": "refresh the pipeline board with Ctrl+F5|edit the deal from the "
        "account page instead|assign the leads by hand for now",
    },
    {
        "name": "payroll",
        "product": "payroll service",
        "keywords": "payroll|payslip|payslips|salary|salaries|wages|paycheck|pay run|"
        "pay runs|remuneration",
        "entities": "payslip/payslips|pay run/pay runs|employee pay record/employee pay "
        "records|tax code/tax codes|deduction/deductions|timesheet/timesheets|bonus "
        "payment/bonus payments",
        "features": "pay run screen|payslip viewer|tax settings page|year-end report|bank "
        "payment file|overtime calculator|pension contributions page",
        "actions": "approving the monthly pay run|uploading timesheets|changing an "
        "employee's tax code|adding a bonus payment|exporting the bank payment file",
        "errors": "Pay run calculation timed out|Tax code not recognised|Net pay below "
        "zero for 3 employees|Bank file validation failed",
        "frontend": "A payslip template that drops the second page => Fixed the payslip "
        "template page break|A currency field that rounds to whole units in the browser => "
        "Kept two decimals in the currency field",
        "backend": "A rounding rule that truncates overtime minutes => Changed the overtime "
        "rounding to the nearest minute|A tax table not updated for the new tax year => "
        "Loaded the new tax year's tables",
        "database": "A lock held by the nightly pension export on the pay run table => "
        "Moved the pension export out of the pay run window|Duplicate timesheet rows from "
        "a retried import => Removed the duplicate timesheet rows and made the import "
        "idempotent",
        "network": "A bank gateway that rejects the new TLS cipher => Re-enabled a cipher "
        "the bank gateway accepts|A firewall rule that blocks the tax authority filing "
        "service => Opened the firewall to the tax filing service",
        "other": "A pay calendar set to the wrong cut-off day => Corrected the pay "
        "calendar cut-off|A pension provider file format change => Updated the pension "
        "file mapping",
        "workarounds": "run the pay run for each department separately|enter the bonus as "
        "a one-off adjustment|send the bank file by hand from the archive",
    },
    {
        "name": "ehr",
        "product": "EHR system",
        "keywords": "ehr|emr|electronic health record|electronic medical record|clinical|"
        "clinic|patient records|charting|hospital|ward|nursing",
        "entities": "patient chart/patient charts|medication order/medication orders|"
        "lab result/lab results|clinical note/clinical notes|allergy entry/allergy entries|"
        "discharge summary/discharge summaries|appointment/appointments",
        "features": "patient chart view|medication administration record|order entry "
        "screen|lab results inbox|discharge workflow|nursing handover board",
        "actions": "signing a clinical note|placing a medication order|reconciling "
        "medications at discharge|acknowledging a lab result|switching wards",
        "errors": "Order could not be signed|Chart is locked by another clinician|"
        "HL7 message rejected|Allergy check unavailable",
        "frontend": "A chart view that caches the previous patient's banner => Cleared the "
        "patient banner on every chart switch|A font setting that hides the dose column => "
        "Made the dose column always visible",
        "backend": "An interface engine that drops HL7 results with a long comment => "
        "Raised the comment limit in the interface engine|A drug interaction service "
        "timing out under load => Added a cache in front of the drug interaction service",
        "database": "A stale replica serving lab results => Pointed the results inbox at "
        "the primary database|An archive job that locks the clinical notes table => "
        "Moved the notes archive job to the night window",
        "network": "A ward Wi-Fi access point dropping roaming carts => Replaced the ward "
        "access point firmware|A VPN tunnel to the laboratory that renegotiates every hour "
        "=> Stabilised the VPN tunnel to the laboratory",
        "other": "A role without permission to sign orders => Granted the signing "
        "permission to the role|A formulary update that removed a common dose => "
        "Restored the dose in the formulary",
        "workarounds": "record the order on paper and enter it later|open the chart from "
        "the ward list instead|call the laboratory for urgent results",
    },
    {
        "name": "ecommerce",
        "product": "online store",
        "keywords": "e-commerce|ecommerce|online store|web shop|webshop|shop|store|"
        "storefront|checkout|cart|shopify|marketplace",
        "entities": "order/orders|shopping cart/shopping carts|product listing/product "
        "listings|discount code/discount codes|refund/refunds|shipment/shipments|"
        "customer review/customer reviews",
        "features": "checkout page|product page|cart drawer|order history page|returns "
        "portal|search results page|promotions manager",
        "actions": "applying a discount code|paying with a saved card|adding a variant to "
        "the cart|requesting a refund|changing the delivery address",
        "errors": "Payment declined: 3-D Secure failed|Item no longer in stock|Discount "
        "code not valid for this cart|Shipping rate unavailable",
        "frontend": "A cart drawer script that double-submits the checkout form => Disabled "
        "the checkout button after the first submit|A lazy-loading image script that "
        "blocks the product page => Deferred the image script on the product page",
        "backend": "A promotion engine that stacks two discount codes => Limited carts to "
        "one discount code|An inventory reservation that never expires => Expired cart "
        "reservations after thirty minutes",
        "database": "A missing index on the orders table => Added the index on the orders "
        "table|Stock counts drifting between warehouses => Reconciled the stock counts and "
        "locked the stock rows during checkout",
        "network": "A CDN edge serving an old product catalogue => Purged the CDN cache for "
        "the catalogue|A payment gateway callback blocked by the firewall => Allowed the "
        "payment gateway callback through the firewall",
        "other": "A shipping zone missing a postcode range => Added the postcode range to "
        "the shipping zone|A tax rate configured for the wrong region => Corrected the "
        "regional tax rate",
        "workarounds": "place the order without the discount and we refund the "
        "difference|use the guest checkout for now|choose standard shipping until it is "
        "fixed",
    },
    {
        "name": "banking",
        "product": "banking app",
        "keywords": "bank|banking|mobile banking|online banking|credit union|account "
        "balance|transfers|payments app|fintech|wallet",
        "entities": "bank transfer/bank transfers|standing order/standing orders|card "
        "payment/card payments|account statement/account statements|payee/payees|"
        "direct debit/direct debits|debit card/debit cards",
        "features": "transfers screen|statements page|card controls|payee list|balance "
        "widget|login with biometrics|savings goals page",
        "actions": "adding a new payee|logging in with Face ID|freezing a card|downloading "
        "a statement|setting up a standing order",
        "errors": "Transfer could not be completed|Biometric login unavailable|One-time "
        "code expired|Daily limit exceeded",
        "frontend": "An app update that resets the biometric login flag => Kept the "
        "biometric flag across app updates|A balance widget that shows the cached balance "
        "=> Refreshed the balance widget on every open",
        "backend": "A fraud rule flagging transfers to new payees => Tuned the fraud rule "
        "for new payees|A statement generator that skips the last day of the month => "
        "Included the last day in the statement period",
        "database": "Duplicate card payment rows after a settlement retry => Removed the "
        "duplicate card payments and deduplicated settlement retries|A slow query on the "
        "transactions ledger => Added an index to the transactions ledger",
        "network": "An SMS gateway delaying one-time codes => Switched one-time codes to a "
        "second SMS gateway|Certificate pinning that rejects the renewed API certificate "
        "=> Shipped the renewed certificate pin",
        "other": "A daily limit set too low for business accounts => Raised the daily "
        "limit for business accounts|A payee name check that rejects accented names => "
        "Accepted accented characters in the payee name check",
        "workarounds": "make the transfer from online banking|use the card reader instead "
        "of the app code|call us to lift the limit for today",
    },
    {
        "name": "erp",
        "product": "ERP system",
        "keywords": "erp|enterprise resource planning|sap|procurement|purchase orders|"
        "general ledger|manufacturing|inventory management|bill of materials",
        "entities": "purchase order/purchase orders|supplier invoice/supplier invoices|"
        "goods receipt/goods receipts|cost centre/cost centres|bill of materials/bills of "
        "materials|journal entry/journal entries|production order/production orders",
        "features": "procurement module|general ledger|goods receipt screen|approval "
        "workflow|month-end close|material requirements planning run",
        "actions": "posting a supplier invoice|approving a purchase order|running the "
        "month-end close|releasing a production order|receiving goods",
        "errors": "Posting period is closed|Three-way match failed|Approval workflow "
        "stuck|Material master incomplete",
        "frontend": "A grid control that loses edits when scrolling => Saved grid edits "
        "before the grid scrolls|A session timeout shorter than the approval screen's "
        "autosave => Aligned the autosave with the session timeout",
        "backend": "An approval workflow that waits on a deactivated manager => Routed the "
        "approval around deactivated managers|A currency conversion job using yesterday's "
        "rates => Made the conversion job load the day's rates first",
        "database": "A locked posting period table after a failed close => Released the "
        "posting period lock|A planning run that scans the whole materials table => Limited "
        "the planning run to changed materials",
        "network": "A slow WAN link to the regional plant => Moved the plant's reports to "
        "the local cache server|A batch interface to the bank blocked by a firewall change "
        "=> Reopened the bank interface port",
        "other": "A tolerance on the three-way match set to zero => Set the match tolerance "
        "to one percent|A user role missing the posting authorisation => Added the posting "
        "authorisation to the role",
        "workarounds": "post the invoice with a manual journal entry|ask finance to open "
        "the period for you|approve it from the mobile approvals app",
    },
    {
        "name": "hr",
        "product": "HR system",
        "keywords": "hr|hris|human resources|onboarding|recruiting|applicant tracking|"
        "leave|holiday requests|performance reviews|workforce|employee portal",
        "entities": "leave request/leave requests|employee profile/employee profiles|job "
        "application/job applications|performance review/performance reviews|onboarding "
        "checklist/onboarding checklists|org chart/org charts",
        "features": "leave calendar|employee self-service portal|recruiting pipeline|review "
        "cycle page|onboarding checklist|org chart viewer",
        "actions": "submitting a leave request|approving a new hire|starting the review "
        "cycle|uploading a signed contract|changing a manager",
        "errors": "Leave balance could not be calculated|Approver not found|Document "
        "upload failed|Review form is read-only",
        "frontend": "A leave calendar that shows the company holidays a day late => Fixed "
        "the time zone of the leave calendar|An upload button hidden on narrow screens => "
        "Made the upload button visible on small screens",
        "backend": "A leave accrual job that ignores part-time hours => Prorated leave "
        "accrual for part-time hours|An approval chain broken by a manager change => "
        "Rebuilt the approval chain after manager changes",
        "database": "Orphaned employee profiles after a merge of two departments => "
        "Relinked the orphaned employee profiles|A slow org chart query on a deep hierarchy "
        "=> Cached the org chart hierarchy",
        "network": "A single sign-on redirect blocked by the office proxy => Allowed the "
        "sign-on redirect through the proxy|A job board feed failing its TLS handshake => "
        "Updated the job board feed's certificate chain",
        "other": "A leave policy assigned to the wrong country => Assigned the correct "
        "country's leave policy|A review template with a retired competency => Replaced "
        "the retired competency in the review template",
        "workarounds": "ask your manager to enter the leave for you|e-mail the document to "
        "HR for now|use the desktop site instead of the app",
    },
    {
        "name": "router",
        "product": "router firmware",
        "keywords": "router|routers|firmware|network firmware|modem|wi-fi|wifi|mesh|"
        "access point|firewall appliance",
        "entities": "router/routers|firmware image/firmware images|Wi-Fi network/Wi-Fi "
        "networks|DHCP lease/DHCP leases|port forwarding rule/port forwarding rules|mesh "
        "node/mesh nodes|VLAN/VLANs",
        "features": "admin web interface|firmware update page|DHCP settings|port forwarding "
        "page|guest Wi-Fi settings|mesh topology view",
        "actions": "upgrading the firmware|enabling the guest network|adding a port "
        "forwarding rule|rebooting the router|pairing a mesh node",
        "errors": "Firmware image signature invalid|DHCP pool exhausted|WAN link down|"
        "Configuration could not be saved",
        "frontend": "An admin page script that fails in newer browsers => Fixed the admin "
        "page script for current browsers|A settings form that posts the old value after a "
        "reload => Reloaded the settings form from the router's state",
        "backend": "A memory leak in the DHCP daemon => Patched the DHCP daemon's memory "
        "leak|A watchdog that reboots the router during firmware writes => Paused the "
        "watchdog while firmware is written",
        "database": "A configuration store corrupted by a power loss during save => Made "
        "the configuration store write atomically|A lease table that never expires old "
        "entries => Expired old entries from the lease table",
        "network": "An MTU mismatch with the ISP's PPPoE link => Lowered the MTU for PPPoE "
        "links|A channel selection that picks a congested Wi-Fi channel => Changed the "
        "channel selection to avoid congested channels",
        "other": "A regional build without the 5 GHz channels the country allows => "
        "Published the regional build with the allowed channels|A factory default "
        "password policy that locks out admins => Reset the admin lockout policy",
        "workarounds": "roll back to the previous firmware image|set the Wi-Fi channel by "
        "hand|reboot the router nightly until the patch is out",
    },
    {
        "name": "medical-device",
        "product": "medical device",
        "keywords": "medical device|mri|ct|scanner|ultrasound|infusion pump|ventilator|"
        "patient monitor|pacemaker|defibrillator|imaging|x-ray|dialysis",
        "entities": "scan protocol/scan protocols|imaging study/imaging studies|device "
        "log/device logs|calibration record/calibration records|patient worklist/patient "
        "worklists|alarm event/alarm events|coil/coils",
        "features": "scanner console|protocol editor|DICOM export|service mode|alarm "
        "settings|calibration wizard|patient worklist",
        "actions": "starting a scan sequence|exporting images to PACS|calibrating the "
        "device|loading the patient worklist|updating the device firmware",
        "errors": "Gradient coil temperature limit reached|DICOM association rejected|"
        "Calibration out of tolerance|Worklist query failed",
        "frontend": "A console layout that hides the scan progress bar at high resolution "
        "=> Fixed the console layout at high resolution|A touch screen driver that "
        "registers double taps => Updated the touch screen driver",
        "backend": "A reconstruction service that runs out of memory on long sequences => "
        "Raised the reconstruction service's memory limit|A firmware timer that drifts "
        "after long uptime => Patched the firmware timer drift",
        "database": "A full local image store on the scanner => Purged the exported "
        "studies from the local image store|A worklist cache holding cancelled "
        "appointments => Refreshed the worklist cache every five minutes",
        "network": "A PACS node that rejects the scanner's AE title => Registered the "
        "scanner's AE title on the PACS node|A hospital VLAN change that isolated the "
        "scanner => Moved the scanner back to the imaging VLAN",
        "other": "A coil past its calibration date => Recalibrated the coil|A service "
        "licence that expired on the device => Renewed the device service licence",
        "workarounds": "export the images to removable media for now|enter the patient "
        "details by hand at the console|use the backup protocol set",
    },
    {
        "name": "logistics",
        "product": "fleet management platform",
        "keywords": "logistics|fleet|trucks|truck|delivery routes|dispatch|telematics|"
        "warehouse|shipping|freight|courier|tracking",
        "entities": "delivery route/delivery routes|vehicle/vehicles|shipment/shipments|"
        "proof of delivery/proofs of delivery|driver shift/driver shifts|GPS "
        "ping/GPS pings|depot/depots",
        "features": "live map|route planner|dispatch board|driver app|proof of delivery "
        "screen|fuel report|geofence editor",
        "actions": "optimising tomorrow's routes|assigning a driver to a vehicle|scanning a "
        "parcel at the depot|closing a driver shift|drawing a geofence",
        "errors": "Route optimisation failed|Vehicle position unknown|Signature upload "
        "failed|Geofence overlaps an existing zone",
        "frontend": "A live map that stops redrawing after an hour => Fixed the live map's "
        "redraw timer|A driver app screen that rotates and loses the signature => Kept the "
        "signature when the driver app rotates",
        "backend": "A route optimiser that ignores time windows after midnight => Made the "
        "route optimiser honour time windows after midnight|A telematics parser that drops "
        "pings with negative coordinates => Accepted negative coordinates in the parser",
        "database": "A GPS ping table grown past its partition => Added monthly partitions "
        "for GPS pings|Duplicate shipment rows from a retried carrier feed => Deduplicated "
        "the carrier feed by shipment number",
        "network": "Trackers losing their mobile data APN after a carrier change => Pushed "
        "the new APN to the trackers|A depot Wi-Fi that blocks the driver app's sync port "
        "=> Opened the sync port on the depot Wi-Fi",
        "other": "A vehicle profile with the wrong height limit => Corrected the vehicle "
        "height limit|A depot opening time set in the wrong time zone => Fixed the depot's "
        "time zone",
        "workarounds": "plan the affected routes by hand|collect signatures on paper|call "
        "the drivers for positions until the map is back",
    },
    {
        "name": "streaming",
        "product": "video streaming service",
        "keywords": "video streaming|streaming|video on demand|vod|netflix|live stream|"
        "subscribers|playback|smart tv app|episodes|movies",
        "entities": "episode/episodes|playlist/playlists|subscriber profile/subscriber "
        "profiles|subtitle track/subtitle tracks|live stream/live streams|watch "
        "history/watch histories|download/downloads",
        "features": "video player|continue watching row|subtitle menu|profile picker|"
        "offline downloads|live TV guide|parental controls",
        "actions": "resuming an episode|switching subtitles|casting to a TV|downloading an "
        "episode for offline viewing|switching profiles",
        "errors": "Playback error 4032|This title is not available in your region|Too many "
        "devices streaming|License request failed",
        "frontend": "A player build that loses the subtitle choice on the next episode => "
        "Kept the subtitle choice across episodes|A smart TV app that leaks memory on the "
        "home screen => Fixed the memory leak in the TV home screen",
        "backend": "A licence server rejecting renewals near midnight UTC => Fixed the "
        "licence server's renewal window|A recommendation job that writes to the wrong "
        "profile => Keyed recommendations by profile",
        "database": "A watch history table that lags behind playback events => Moved watch "
        "history writes to the primary database|Stale catalogue rows after a rights change "
        "=> Refreshed the catalogue after every rights change",
        "network": "A CDN edge in the region serving a broken manifest => Purged the "
        "manifest from the regional CDN edge|An ISP throttling the video segment host => "
        "Moved video segments to a second CDN",
        "other": "A regional rights window entered with the wrong dates => Corrected the "
        "rights window dates|A device limit lower than the subscription allows => Raised "
        "the device limit to match the plan",
        "workarounds": "watch in the browser for now|sign out of unused devices|turn off "
        "HD streaming until the fix is out",
    },
    {
        "name": "game",
        "product": "online game",
        "keywords": "game|gaming|online game|multiplayer|mmo|matchmaking|players|esports|"
        "console game|mobile game|leaderboard",
        "entities": "player account/player accounts|match/matches|in-game "
        "purchase/in-game purchases|inventory item/inventory items|guild/guilds|save "
        "file/save files|season pass/season passes",
        "features": "matchmaking lobby|in-game store|leaderboard|friends list|guild hall|"
        "battle pass screen|voice chat",
        "actions": "joining a ranked match|buying gems in the store|claiming season "
        "rewards|inviting a friend to a party|loading a cloud save",
        "errors": "Connection to the game server lost|Purchase pending|Matchmaking timed "
        "out|Save data corrupted",
        "frontend": "A store screen that shows the old price after a sale starts => "
        "Refreshed store prices when a sale starts|A UI scaling bug that hides the accept "
        "button on ultrawide screens => Fixed UI scaling on ultrawide screens",
        "backend": "A matchmaking service that ignores region preference under load => "
        "Honoured region preference in matchmaking|A reward job that runs before the "
        "season ends => Scheduled the reward job after the season ends",
        "database": "A player inventory shard that fell behind replication => Resynced the "
        "inventory shard|A leaderboard query that counts deleted accounts => Excluded "
        "deleted accounts from the leaderboard",
        "network": "A DDoS mitigation rule that drops UDP game traffic => Adjusted the DDoS "
        "rule for game traffic|Packet loss on the route to the regional game servers => "
        "Rerouted traffic to the regional game servers",
        "other": "A payment provider holding purchases for review => Released the held "
        "purchases with the payment provider|An anti-cheat rule flagging a legitimate "
        "mouse driver => Whitelisted the mouse driver in the anti-cheat rules",
        "workarounds": "restart the game client and rejoin|play in another region for "
        "now|wait for the purchase to clear; we will credit any missing gems",
    },
    {
        "name": "smart-home",
        "product": "smart home hub",
        "keywords": "smart home|home automation|iot|internet of things|thermostat|smart "
        "plug|smart lock|zigbee|z-wave|sensors|hub|doorbell camera",
        "entities": "sensor/sensors|thermostat/thermostats|smart lock/smart locks|automation "
        "rule/automation rules|device pairing/device pairings|camera clip/camera clips|"
        "scene/scenes",
        "features": "home app|automation editor|device pairing wizard|energy dashboard|"
        "camera timeline|away mode|voice assistant link",
        "actions": "pairing a new sensor|creating an automation rule|switching to away "
        "mode|linking the voice assistant|updating the hub",
        "errors": "Device unreachable|Pairing timed out|Automation could not run|Hub offline",
        "frontend": "An app screen that shows a door as locked before the lock confirms => "
        "Waited for the lock's confirmation before showing its state|A camera timeline that "
        "skips clips at midnight => Fixed the camera timeline at midnight",
        "backend": "An automation engine that evaluates rules in the wrong time zone => "
        "Evaluated automation rules in the home's time zone|A cloud push service that "
        "drops events during reconnects => Queued events during push reconnects",
        "database": "A device registry holding two entries for one sensor => Merged the "
        "duplicate device registry entries|A clip index missing recent recordings => "
        "Rebuilt the clip index",
        "network": "A Zigbee channel that overlaps the home's Wi-Fi => Moved the Zigbee "
        "network to a free channel|A router that drops the hub's long-lived connection => "
        "Added keep-alives to the hub connection",
        "other": "A low battery in the lock reported as full => Fixed the lock's battery "
        "reading|A voice assistant link revoked by a password change => Relinked the voice "
        "assistant",
        "workarounds": "use the physical button on the device|run the scene by hand from "
        "the app|move the hub closer to the sensor",
    },
    {
        "name": "point-of-sale",
        "product": "point of sale system",
        "keywords": "point of sale|pos|till|tills|cash register|checkout terminal|card "
        "terminal|restaurant|retail store|receipts|barcode scanner",
        "entities": "sale/sales|receipt/receipts|card terminal/card terminals|till "
        "session/till sessions|price override/price overrides|gift card/gift cards|end-of-"
        "day report/end-of-day reports",
        "features": "sales screen|card terminal pairing|end-of-day close|menu editor|"
        "refund screen|cash drawer|loyalty lookup",
        "actions": "ringing up a sale|splitting a bill|closing the till at end of day|"
        "issuing a refund|scanning a barcode",
        "errors": "Card terminal not responding|Receipt printer offline|Tax total mismatch|"
        "Till session already closed",
        "frontend": "A sales screen button grid that misplaces items after a menu change "
        "=> Rebuilt the button grid after menu changes|A split-bill dialog that rounds each "
        "share down => Gave the rounding remainder to the last share",
        "backend": "A sync job that posts sales twice after an offline period => Made "
        "offline sales sync exactly once|A tax engine using the old rate for takeaway items "
        "=> Applied the current takeaway tax rate",
        "database": "A local sales database on the till that filled its disk => Archived "
        "old sales from the till's database|An end-of-day report reading uncommitted "
        "refunds => Read only committed refunds in the end-of-day report",
        "network": "A card terminal on a different subnet from the till => Put the card "
        "terminal on the till's subnet|A store internet link that drops during peak hours => "
        "Added a mobile backup link for the store",
        "other": "A receipt printer paper sensor that misreads thermal rolls => Replaced "
        "the receipt printer's paper sensor|A gift card batch activated with the wrong "
        "value => Reissued the gift card batch",
        "workarounds": "take card payments on the standalone terminal|write receipts by "
        "hand for now|close the till from the back-office screen",
    },
    {
        "name": "contact-centre",
        "product": "contact centre platform",
        "keywords": "telephony|contact centre|contact center|call centre|call center|voip|"
        "ivr|calls|phone system|softphone|pbx|dialler|dialer",
        "entities": "call/calls|call recording/call recordings|IVR menu/IVR menus|agent "
        "queue/agent queues|voicemail/voicemails|softphone session/softphone sessions|"
        "callback request/callback requests",
        "features": "agent softphone|IVR designer|queue dashboard|call recording player|"
        "wallboard|callback scheduler|outbound dialler",
        "actions": "transferring a call|logging into the softphone|publishing an IVR "
        "change|listening to a recording|starting an outbound campaign",
        "errors": "SIP 503 Service Unavailable|One-way audio|Recording not found|Agent "
        "state could not be changed",
        "frontend": "A softphone that loses audio device selection after an update => Kept "
        "the audio device selection across updates|A wallboard that freezes after a "
        "browser sleeps => Reconnected the wallboard after sleep",
        "backend": "A routing rule that sends priority calls to an empty queue => Added an "
        "overflow to the priority routing rule|A recording service that misses calls "
        "transferred twice => Recorded calls across every transfer",
        "database": "A call detail table with a missing partition for the new month => "
        "Created the month's call detail partition|Agent states stuck after a failover => "
        "Reset the agent states after failover",
        "network": "A SIP trunk with a NAT timeout shorter than the call => Raised the "
        "NAT timeout on the SIP trunk|Jitter on the office link carrying voice traffic => "
        "Prioritised voice traffic on the office link",
        "other": "A carrier number port that is not complete => Completed the number port "
        "with the carrier|An IVR holiday schedule with last year's dates => Updated the "
        "IVR holiday schedule",
        "workarounds": "take calls on the desk phone for now|forward the queue to the "
        "backup number|download recordings from the archive",
    },
    {
        "name": "learning",
        "product": "learning management system",
        "keywords": "lms|learning management|e-learning|elearning|courses|students|school|"
        "university|classroom|quizzes|moodle",
        "entities": "course/courses|assignment/assignments|quiz attempt/quiz attempts|"
        "gradebook entry/gradebook entries|enrolment/enrolments|video lecture/video "
        "lectures",
        "features": "course page|gradebook|quiz player|assignment inbox|enrolment "
        "screen|discussion forum",
        "actions": "submitting an assignment|starting a timed quiz|publishing grades|"
        "enrolling a class|uploading a lecture video",
        "errors": "Submission could not be saved|Quiz time expired|Grade sync failed|File "
        "too large",
        "frontend": "A quiz timer that counts in the device's time zone => Ran the quiz "
        "timer on server time|An editor that drops pasted tables => Kept pasted tables in "
        "the editor",
        "backend": "A grade sync that stops at the first invalid score => Skipped invalid "
        "scores in the grade sync|A video transcoder queue that stalls on long lectures => "
        "Split long lectures before transcoding",
        "database": "Duplicate enrolments from a roster import => Removed duplicate "
        "enrolments and keyed the import by student number|A gradebook query without a "
        "course filter => Filtered the gradebook query by course",
        "network": "A campus proxy that caches quiz pages => Marked quiz pages as "
        "uncacheable|A storage endpoint blocked for large uploads => Raised the upload "
        "limit on the storage endpoint",
        "other": "A course with the wrong term dates => Corrected the course term dates|An "
        "accessibility setting lost in a theme change => Restored the accessibility "
        "setting",
        "workarounds": "submit the assignment by e-mail to the teacher|reopen the quiz for "
        "the student|upload the lecture in smaller parts",
    },
)
