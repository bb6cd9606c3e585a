"""Word lists of the ``customer-support-chat-log`` scenario: teams, subjects, phrases."""

# Japanese phrases use full-width punctuation on purpose.
# ruff: noqa: RUF001

from __future__ import annotations

TEAMS = {
    "billing": "Billing",
    "account-access": "Accounts & Security",
    "technical-problem": "Technical Support",
    "cancellation": "Retention",
    "complaint": "Customer Relations",
    "product-information": "General Enquiries",
    "change-request": "Account Services",
}
SUBJECTS = {
    "telecom": ("mobile plan", "broadband line", "roaming bundle"),
    "banking": ("current account", "credit card", "mortgage application"),
    "retail": ("online order", "loyalty card", "home delivery"),
    "software": ("subscription", "workspace licence", "mobile app"),
    "travel": ("flight booking", "hotel reservation", "seat upgrade"),
    "utilities": ("electricity contract", "gas meter reading", "water bill"),
    "insurance": ("car policy", "home insurance claim", "travel cover"),
    "healthcare": ("appointment booking", "patient portal", "prescription refill"),
}
ISSUES: dict[str, dict[str, str]] = {
    "en": {
        "billing": "I was charged twice on my last bill",
        "account-access": "I cannot log in to my account",
        "technical-problem": "the service keeps failing with an error",
        "cancellation": "I would like to cancel my contract",
        "complaint": "I want to complain about the service I received",
        "product-information": "I would like more information about your offers",
        "change-request": "I need to change the details on my account",
    },
    "es": {
        "billing": "me han cobrado dos veces en la última factura",
        "account-access": "no puedo iniciar sesión en mi cuenta",
        "technical-problem": "el servicio falla continuamente con un error",
        "cancellation": "quiero cancelar mi contrato",
        "complaint": "quiero presentar una queja sobre la atención recibida",
        "product-information": "me gustaría recibir más información sobre sus ofertas",
        "change-request": "necesito cambiar los datos de mi cuenta",
    },
    "fr": {
        "billing": "j'ai été facturé deux fois sur ma dernière facture",
        "account-access": "je n'arrive pas à me connecter à mon compte",
        "technical-problem": "le service affiche sans cesse une erreur",
        "cancellation": "je souhaite résilier mon contrat",
        "complaint": "je veux déposer une réclamation sur le service reçu",
        "product-information": "je voudrais plus d'informations sur vos offres",
        "change-request": "je dois modifier les informations de mon compte",
    },
    "de": {
        "billing": "mir wurde auf der letzten Rechnung doppelt abgebucht",
        "account-access": "ich kann mich nicht in mein Konto einloggen",
        "technical-problem": "der Dienst bricht ständig mit einem Fehler ab",
        "cancellation": "ich möchte meinen Vertrag kündigen",
        "complaint": "ich möchte mich über den Service beschweren",
        "product-information": "ich hätte gern mehr Informationen zu Ihren Angeboten",
        "change-request": "ich muss die Daten in meinem Konto ändern",
    },
    "pt": {
        "billing": "fui cobrado duas vezes na última fatura",
        "account-access": "não consigo entrar na minha conta",
        "technical-problem": "o serviço está sempre a dar erro",
        "cancellation": "quero cancelar o meu contrato",
        "complaint": "quero apresentar uma reclamação sobre o atendimento",
        "product-information": "gostaria de mais informações sobre as vossas ofertas",
        "change-request": "preciso de alterar os dados da minha conta",
    },
    "it": {
        "billing": "mi è stato addebitato due volte l'importo dell'ultima bolletta",
        "account-access": "non riesco ad accedere al mio account",
        "technical-problem": "il servizio continua a dare un errore",
        "cancellation": "vorrei disdire il mio contratto",
        "complaint": "vorrei presentare un reclamo sul servizio ricevuto",
        "product-information": "vorrei più informazioni sulle vostre offerte",
        "change-request": "devo modificare i dati del mio account",
    },
    "nl": {
        "billing": "er is op mijn laatste rekening twee keer afgeschreven",
        "account-access": "ik kan niet inloggen op mijn account",
        "technical-problem": "de dienst geeft steeds een foutmelding",
        "cancellation": "ik wil mijn contract opzeggen",
        "complaint": "ik wil een klacht indienen over de service",
        "product-information": "ik wil graag meer informatie over uw aanbod",
        "change-request": "ik moet de gegevens van mijn account wijzigen",
    },
    "ja": {
        "billing": "前回の請求で二重に課金されました",
        "account-access": "アカウントにログインできません",
        "technical-problem": "サービスでエラーが繰り返し発生しています",
        "cancellation": "契約を解約したいです",
        "complaint": "受けたサービスについて苦情を申し立てたいです",
        "product-information": "プランについて詳しく知りたいです",
        "change-request": "アカウントの登録情報を変更したいです",
    },
}
#: Phrase tables by language, for :class:`~data_generator.phrases.Grammar`. A chat's turns
#: expand them in the order of its arc: ``bot`` (optional), the customer's ``report``, the
#: agent's ``greet``, questions ``q_<kind>`` each answered by ``a_<kind>``, ``progress`` and
#: ``wait``, then ``fix_<topic>`` (resolved) or ``handoff``, the customer's
#: ``close_<resolved|unresolved>_<sentiment>``, and the agent's ``bye_<resolved|unresolved>``.
#: Facts: {issue} {customer} {agent} {customer_id} {case} {amount} {digits} {day} {time}
#: (when the problem began) {later} (a time during the chat)
#: {minutes} {days}; English also {subject}, {team} and {cause}.
TABLES: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "bot": ("{Bot_hello}, I'm {bot_name}, the virtual assistant - {bot_ask}",),
        "bot_hello": ("Hello", "Hi there", "Good day", "Welcome", "Hi"),
        "bot_ask": (
            "how can I help you today?",
            "what can I do for you?",
            "please tell me briefly what your question is about.",
            "which topic is your question about?",
            "i'll pass you to an agent in a moment; what is it about?",
        ),
        "report": (
            "{Hello}, {issue}. {Report_detail}",
            "{Hello}, {customer} here: {issue}. {Plea} {Report_detail}",
            "{Hello}, {customer} here: {issue}. {Report_detail}",
        ),
        "hello": ("hi", "hello", "good morning", "good afternoon", "hey", "hi there"),
        "report_detail": (
            "It's about my {subject}; my customer number is {customer_id}.",
            "This is about my {subject} and it started on {day} around {time}.",
            "My customer number is {customer_id}, it's the {subject}.",
            "I noticed it on {day} at {time} on my {subject}.",
            "It concerns my {subject} ending in {digits}.",
        ),
        "plea": (
            "Can you help me before {later}?",
            "Could you look into it today?",
            "I need it sorted before {later}.",
            "This is the second time since {day}.",
            "Could you check it before {day}?",
            "It's urgent, I need the {subject} today.",
            "I've already lost {minutes} minutes on this.",
        ),
        "greet": (
            "{Hi} {customer}, I'm {agent} from {team}.",
            "{Hi} {customer}, this is {agent} from {team}; I'll help you with this.",
            "Thanks for waiting, {customer}. I'm {agent} and I'll look into this for you.",
        ),
        "hi": ("hi", "hello", "good morning", "good afternoon"),
        "q_id": (
            "Could you give me your customer number, {customer}?",
            "To find your account, {customer}, what is your customer number?",
            "Can you confirm the customer number on your {subject}, please?",
        ),
        "a_id": (
            "Sure, it's {customer_id}.",
            "It's {customer_id}.",
            "Yes: {customer_id}, the {subject} is in my name.",
        ),
        "q_when": (
            "When did you first notice this, {customer}?",
            "Since when has this been happening with your {subject}?",
            "When did this start exactly, {customer}?",
        ),
        "a_when": (
            "Since {day}, around {time}.",
            "It started on {day} at about {time}.",
            "I first saw it on {day} at {time}.",
        ),
        "q_digits": (
            "Can you confirm the last four digits of the account, {customer}?",
            "For security, what are the last four digits on your {subject}?",
        ),
        "a_digits": (
            "They are {digits}.",
            "The last four are {digits}.",
            "It ends in {digits}, I think.",
        ),
        "q_tried": (
            "Have you tried {tried} already, {customer}?",
            "Could you try {tried} for me?",
            "Did {tried} make any difference?",
        ),
        "a_tried": (
            "Yes, I tried {tried} on {day}; it didn't help.",
            "I just tried {tried} and it still fails at {later}.",
            "I did, twice since {day}, and nothing changed.",
        ),
        "tried": (
            "signing out and back in",
            "restarting the app",
            "clearing the browser cache",
            "updating the app",
            "another device",
            "resetting the password",
        ),
        "q_detail": (
            "Which {subject} is this about, {customer}?",
            "Is there a reference I can look up for your {subject}, {customer}?",
        ),
        "a_detail": (
            "My {subject}, reference {case}.",
            "The {subject} with number {case}.",
            "It's {case}, from the e-mail I got on {day}.",
        ),
        "progress": (
            "Thanks, {customer}. Let me check your {subject}; it takes about {minutes} minutes.",
            "Thank you, {customer}. I can see the {subject} on your account since {day} at {time}.",
            "Thanks, I'm looking at your {subject} now; bear with me for {minutes} minutes.",
            "I'm still checking, {customer}; I need {minutes} more minutes.",
            "I'm asking the {team} back office, {customer}; I'll be back before {later}.",
        ),
        "wait": (
            "Sure, I'll wait, {agent}; I have until {later}.",
            "OK, take your time, {agent}, I'm free until {later}.",
            "No problem, I'm here for {minutes} minutes, {agent}.",
            "Alright, I'll stay in the chat until {later}.",
            "Fine, I can wait {minutes} minutes, {agent}.",
        ),
        "fix_billing": (
            "I've refunded the duplicate charge of {amount}; you'll see it within "
            "{days} working days.",
            "I've corrected your bill and credited {amount} to your {subject}.",
        ),
        "fix_account-access": (
            "I've reset your access at {later}; a sign-in link is on its way to your e-mail.",
            "I've unlocked your {subject}; you can sign in again now (ref. {case}).",
        ),
        "fix_technical-problem": (
            "I found {cause} and fixed it at {later}; please try again now.",
            "The cause was {cause}. I've fixed it, so your {subject} "
            "should work again (ref. {case}).",
        ),
        "fix_cancellation": (
            "I've cancelled your {subject}; it ends in {days} days and the confirmation is {case}.",
            "Done: your {subject} is cancelled from the end of this month (ref. {case}).",
        ),
        "fix_complaint": (
            "I'm sorry about this, {customer}; I've logged your complaint as {case} and added "
            "a credit of {amount}.",
            "I apologise for the trouble; I've credited {amount} to your {subject} (ref. {case}).",
        ),
        "fix_product-information": (
            "The option you asked about costs {amount} a month; I've "
            "e-mailed you the details (ref. {case}).",
            "You can add it to your {subject} for {amount} a month; the offer is {case}.",
        ),
        "fix_change-request": (
            "I've updated the details on your {subject}; the change is reference {case}.",
            "Done: the change to your {subject} is saved as {case}.",
        ),
        "handoff": (
            "I can't solve this from here, so I've opened case {case} for our "
            "specialists; they'll contact you within {days} working days.",
            "I've passed this to the specialist team as case {case}; expect a call "
            "within {days} working days.",
        ),
        "close_resolved_positive": (
            "Great, thank you so much, {agent}!",
            "Perfect, that's sorted then. Thanks a lot, {agent}!",
            "Brilliant, it works on my {subject} now, thank you!",
        ),
        "close_resolved_neutral": (
            "OK, thanks {agent}.",
            "Alright, thanks for your help, {agent}.",
            "Fine, I'll check my {subject} later, thanks.",
        ),
        "close_resolved_negative": (
            "Fine, but it shouldn't have taken {minutes} minutes.",
            "OK, I hope this doesn't happen again, {agent}.",
            "It's sorted, but I've lost {minutes} minutes on this.",
        ),
        "close_unresolved_positive": (
            "Alright, I'll wait for their call then, {agent}.",
            "OK, I'll keep case {case} at hand.",
        ),
        "close_unresolved_neutral": (
            "OK, I'll wait for case {case} then.",
            "Right, so someone will call me within {days} days.",
        ),
        "close_unresolved_negative": (
            "This is really not acceptable; I've waited {minutes} minutes already.",
            "So it's still not fixed. I expected better, {agent}.",
        ),
        "bye_resolved": (
            "You're welcome, {customer}, is there anything else I can do for you today?",
            "My pleasure, {customer}; case {case} is closed now.",
            "Glad I could help, {customer} - have a nice day!",
        ),
        "bye_unresolved": (
            "I understand, {customer}. Your reference is {case} if you need it.",
            "Sorry we couldn't solve it today, {customer}; the team will be in touch.",
        ),
        "weekday": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
        "causes": (
            "a setting on your account that had been reset",
            "an outdated version of the app",
            "a stuck update on your account",
            "an expired session on our side",
            "a fault in our system after last night's release",
        ),
    },
    "es": {
        "bot": ("{Bot_hello}, soy {bot_name}, el asistente virtual - {bot_ask}",),
        "bot_hello": ("Hola", "Buenos días", "Bienvenido", "Buenas tardes"),
        "bot_ask": (
            "¿en qué puedo ayudarle hoy?",
            "cuénteme brevemente su consulta.",
            "¿sobre qué tema es su pregunta?",
        ),
        "report": (
            "{Hello}, {issue}. {Report_detail}",
            "{Hello}, soy {customer}: {issue}. {Report_detail}",
        ),
        "hello": ("hola", "buenos días", "buenas tardes", "buenas"),
        "report_detail": (
            "Mi número de cliente es {customer_id}.",
            "Empezó el {day} hacia las {time}.",
            "Lo vi el {day} a las {time}; soy el cliente {customer_id}.",
        ),
        "greet": (
            "Hola {customer}, me llamo {agent} y le voy a ayudar con esto.",
            "Gracias por esperar, {customer}. Soy {agent} y reviso su caso ahora.",
        ),
        "q_id": (
            "¿Me puede dar su número de cliente, {customer}?",
            "Para encontrar su cuenta, {customer}, ¿cuál es su número de cliente?",
        ),
        "a_id": ("Claro, es {customer_id}.", "Es el {customer_id}."),
        "q_when": (
            "¿Desde cuándo ocurre esto, {customer}?",
            "¿Cuándo empezó exactamente, {customer}?",
        ),
        "a_when": ("Desde el {day}, hacia las {time}.", "Empezó el {day} sobre las {time}."),
        "q_digits": ("¿Puede confirmar los cuatro últimos dígitos de la cuenta, {customer}?",),
        "a_digits": ("Son {digits}.", "Los cuatro últimos son {digits}."),
        "q_tried": ("¿Ha probado ya a {tried}, {customer}?",),
        "a_tried": (
            "Sí, lo probé el {day} y no sirvió.",
            "Acabo de probarlo y sigue fallando a las {later}.",
        ),
        "tried": (
            "cerrar sesión y volver a entrar",
            "reiniciar la aplicación",
            "borrar la caché del navegador",
            "actualizar la aplicación",
        ),
        "q_detail": ("¿Tiene alguna referencia que pueda consultar, {customer}?",),
        "a_detail": ("Sí, la referencia es {case}.", "Es {case}, del correo que recibí el {day}."),
        "progress": (
            "Gracias, {customer}. Voy a revisarlo; tardo unos {minutes} minutos.",
            "Gracias, {customer}. Veo su cuenta y el cambio del {day} a las {time}.",
            "Sigo revisándolo, {customer}; deme {minutes} minutos más.",
            "Estoy consultando con el departamento, {customer}; vuelvo antes de las {later}.",
        ),
        "wait": (
            "De acuerdo, espero {minutes} minutos, {agent}.",
            "Vale, sin prisa, {agent}, hasta las {later} estoy.",
            "Sigo aquí, {agent}; tengo hasta las {later}.",
            "Perfecto, espero esos {minutes} minutos.",
        ),
        "fix_billing": (
            "He devuelto el cargo duplicado de {amount}; lo verá en {days} días laborables.",
        ),
        "fix_account-access": (
            "He restablecido su acceso a las {later}; le llegará un enlace por correo.",
        ),
        "fix_technical-problem": (
            "He encontrado la causa y lo he corregido a las {later}; "
            "pruebe de nuevo, por favor (ref. {case}).",
        ),
        "fix_cancellation": (
            "He cancelado su contrato; termina en {days} días y la confirmación es {case}.",
        ),
        "fix_complaint": (
            "Lamento lo ocurrido: he registrado su queja como {case} y le he abonado {amount}.",
        ),
        "fix_product-information": (
            "La opción cuesta {amount} al mes; le he enviado los "
            "detalles por correo (ref. {case}).",
        ),
        "fix_change-request": ("He actualizado los datos de su cuenta; la referencia es {case}.",),
        "handoff": (
            "No puedo resolverlo desde aquí; he abierto el caso {case} para el equipo "
            "especializado, que le contactará en {days} días laborables.",
        ),
        "close_resolved_positive": ("¡Perfecto, muchas gracias, {agent}!",),
        "close_resolved_neutral": ("De acuerdo, gracias {agent}.",),
        "close_resolved_negative": ("Vale, pero no debería haber tardado {minutes} minutos.",),
        "close_unresolved_positive": ("De acuerdo, esperaré su llamada, {agent}.",),
        "close_unresolved_neutral": ("Vale, espero noticias del caso {case}.",),
        "close_unresolved_negative": ("Esto no es aceptable; llevo {minutes} minutos esperando.",),
        "bye_resolved": ("De nada, ¿puedo ayudarle en algo más, {customer}?",),
        "bye_unresolved": ("Lo entiendo, {customer}. Su referencia es {case}.",),
        "weekday": ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
    },
    "fr": {
        "bot": ("{Bot_hello}, je suis {bot_name}, l'assistant virtuel - {bot_ask}",),
        "bot_hello": ("Bonjour", "Bienvenue", "Bonsoir"),
        "bot_ask": (
            "comment puis-je vous aider ?",
            "décrivez brièvement votre demande.",
            "quel est le sujet de votre question ?",
        ),
        "report": (
            "{Hello}, {issue}. {Report_detail}",
            "{Hello}, ici {customer} : {issue}. {Report_detail}",
        ),
        "hello": ("bonjour", "bonsoir", "bonjour à vous"),
        "report_detail": (
            "Mon numéro client est {customer_id}.",
            "Cela a commencé {day} vers {time}.",
            "Je l'ai vu {day} à {time} ; je suis le client {customer_id}.",
        ),
        "greet": (
            "Bonjour {customer}, je m'appelle {agent} et je vais vous aider.",
            "Merci de votre patience, {customer}. Je suis {agent} et je regarde votre dossier.",
        ),
        "q_id": (
            "Pouvez-vous me donner votre numéro client, {customer} ?",
            "Pour retrouver votre compte, {customer}, quel est votre numéro client ?",
        ),
        "a_id": ("Bien sûr, c'est {customer_id}.", "C'est le {customer_id}."),
        "q_when": (
            "Depuis quand cela se produit-il, {customer} ?",
            "Quand cela a-t-il commencé exactement, {customer} ?",
        ),
        "a_when": ("Depuis {day}, vers {time}.", "Cela a commencé {day} vers {time}."),
        "q_digits": ("Pouvez-vous confirmer les quatre derniers chiffres du compte, {customer} ?",),
        "a_digits": ("Ce sont {digits}.", "Les quatre derniers sont {digits}."),
        "q_tried": ("Avez-vous déjà essayé de {tried}, {customer} ?",),
        "a_tried": (
            "Oui, j'ai essayé {day}, sans résultat.",
            "Je viens d'essayer et ça échoue encore à {later}.",
        ),
        "tried": (
            "vous déconnecter et reconnecter",
            "redémarrer l'application",
            "vider le cache du navigateur",
            "mettre à jour l'application",
        ),
        "q_detail": ("Avez-vous une référence que je peux consulter, {customer} ?",),
        "a_detail": ("Oui, la référence est {case}.", "C'est {case}, dans l'e-mail reçu {day}."),
        "progress": (
            "Merci, {customer}. Je vérifie ; cela prend environ {minutes} minutes.",
            "Merci, {customer}. Je vois votre compte et la modification de {day} à {time}.",
            "Je vérifie encore, {customer} ; il me faut {minutes} minutes de plus.",
            "Je consulte le service concerné, {customer} ; je reviens avant {later}.",
        ),
        "wait": (
            "D'accord, j'attends {minutes} minutes, {agent}.",
            "Pas de souci, prenez votre temps jusqu'à {later}, {agent}.",
            "Je suis toujours là, {agent} ; j'ai jusqu'à {later}.",
            "Très bien, j'attends ces {minutes} minutes.",
        ),
        "fix_billing": (
            "J'ai remboursé le prélèvement en double de {amount} ; vous le verrez "
            "sous {days} jours ouvrés.",
        ),
        "fix_account-access": (
            "J'ai réinitialisé votre accès à {later} ; un lien arrive par e-mail.",
        ),
        "fix_technical-problem": (
            "J'ai trouvé la cause et corrigé le problème à {later} ; "
            "réessayez maintenant (réf. {case}).",
        ),
        "fix_cancellation": (
            "J'ai résilié votre contrat ; il prend fin dans {days} jours, confirmation {case}.",
        ),
        "fix_complaint": (
            "Je suis désolé, j'ai enregistré votre réclamation sous {case} et crédité {amount}.",
        ),
        "fix_product-information": (
            "L'option coûte {amount} par mois ; je vous ai envoyé les "
            "détails par e-mail (réf. {case}).",
        ),
        "fix_change-request": (
            "J'ai mis à jour les informations de votre compte ; référence {case}.",
        ),
        "handoff": (
            "Je ne peux pas le résoudre d'ici ; j'ai ouvert le dossier {case} pour "
            "l'équipe spécialisée, qui vous contactera sous {days} jours ouvrés.",
        ),
        "close_resolved_positive": ("Parfait, merci beaucoup, {agent} !",),
        "close_resolved_neutral": ("D'accord, merci {agent}.",),
        "close_resolved_negative": ("Bon, mais cela n'aurait pas dû prendre {minutes} minutes.",),
        "close_unresolved_positive": ("D'accord, j'attends leur appel, {agent}.",),
        "close_unresolved_neutral": ("Bien, j'attends des nouvelles du dossier {case}.",),
        "close_unresolved_negative": (
            "Ce n'est pas acceptable ; j'attends depuis {minutes} minutes.",
        ),
        "bye_resolved": ("Avec plaisir, puis-je faire autre chose pour vous, {customer} ?",),
        "bye_unresolved": ("Je comprends, {customer}. Votre référence est {case}.",),
        "weekday": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    },
    "de": {
        "bot": ("{Bot_hello}, ich bin {bot_name}, der virtuelle Assistent - {bot_ask}",),
        "bot_hello": ("Hallo", "Guten Tag", "Willkommen"),
        "bot_ask": (
            "wie kann ich Ihnen helfen?",
            "bitte beschreiben Sie kurz Ihr Anliegen.",
            "worum geht es bei Ihrer Frage?",
        ),
        "report": (
            "{Hello}, {issue}. {Report_detail}",
            "{Hello}, hier ist {customer}: {issue}. {Report_detail}",
        ),
        "hello": ("hallo", "guten Tag", "guten Morgen", "guten Abend"),
        "report_detail": (
            "Meine Kundennummer ist {customer_id}.",
            "Es fing am {day} gegen {time} Uhr an.",
            "Ich habe es am {day} um {time} Uhr bemerkt; Kundennummer {customer_id}.",
        ),
        "greet": (
            "Hallo {customer}, mein Name ist {agent} und ich helfe Ihnen gern weiter.",
            "Danke fürs Warten, {customer}. Ich bin {agent} und sehe mir das an.",
        ),
        "q_id": (
            "Können Sie mir Ihre Kundennummer nennen, {customer}?",
            "Wie lautet Ihre Kundennummer, {customer}, damit ich Ihr Konto finde?",
        ),
        "a_id": ("Klar, sie lautet {customer_id}.", "Es ist die {customer_id}."),
        "q_when": (
            "Seit wann tritt das auf, {customer}?",
            "Wann hat es genau angefangen, {customer}?",
        ),
        "a_when": ("Seit {day}, gegen {time} Uhr.", "Es fing am {day} um etwa {time} Uhr an."),
        "q_digits": ("Können Sie die letzten vier Ziffern des Kontos bestätigen, {customer}?",),
        "a_digits": ("Sie lauten {digits}.", "Die letzten vier sind {digits}."),
        "q_tried": ("Haben Sie schon versucht, {tried}, {customer}?",),
        "a_tried": (
            "Ja, das habe ich am {day} versucht, ohne Erfolg.",
            "Gerade eben, und um {later} Uhr klappt es immer noch nicht.",
        ),
        "tried": (
            "sich ab- und wieder anzumelden",
            "die App neu zu starten",
            "den Browser-Cache zu leeren",
            "die App zu aktualisieren",
        ),
        "q_detail": ("Haben Sie eine Referenznummer, die ich nachsehen kann, {customer}?",),
        "a_detail": ("Ja, die Referenz ist {case}.", "Es ist {case}, aus der E-Mail vom {day}."),
        "progress": (
            "Danke, {customer}. Ich prüfe das; es dauert etwa {minutes} Minuten.",
            "Danke, {customer}. Ich sehe Ihr Konto und die Änderung vom {day} um {time} Uhr.",
            "Ich prüfe noch, {customer}; ich brauche {minutes} Minuten mehr.",
            "Ich frage bei der Fachabteilung nach, {customer}; ich melde mich vor {later} Uhr.",
        ),
        "wait": (
            "In Ordnung, ich warte {minutes} Minuten, {agent}.",
            "Kein Problem, bis {later} Uhr habe ich Zeit, {agent}.",
            "Ich bin noch da, {agent}; ich habe bis {later} Uhr Zeit.",
            "Gut, ich warte die {minutes} Minuten.",
        ),
        "fix_billing": (
            "Ich habe die doppelte Abbuchung von {amount} erstattet; Sie sehen sie "
            "in {days} Werktagen.",
        ),
        "fix_account-access": (
            "Ich habe Ihren Zugang um {later} Uhr zurückgesetzt; ein Link kommt per E-Mail.",
        ),
        "fix_technical-problem": (
            "Ich habe die Ursache gefunden und um {later} Uhr behoben; "
            "bitte versuchen Sie es erneut (Ref. {case}).",
        ),
        "fix_cancellation": (
            "Ich habe Ihren Vertrag gekündigt; er endet in {days} Tagen, Bestätigung {case}.",
        ),
        "fix_complaint": (
            "Das tut mir leid, ich habe Ihre Beschwerde als {case} erfasst und "
            "{amount} gutgeschrieben.",
        ),
        "fix_product-information": (
            "Die Option kostet {amount} im Monat; die Details habe ich "
            "Ihnen gemailt (Ref. {case}).",
        ),
        "fix_change-request": ("Ich habe die Daten in Ihrem Konto geändert; Referenz {case}.",),
        "handoff": (
            "Das kann ich von hier nicht lösen; ich habe den Fall {case} für das "
            "Fachteam angelegt, es meldet sich innerhalb von {days} Werktagen.",
        ),
        "close_resolved_positive": ("Super, vielen Dank, {agent}!",),
        "close_resolved_neutral": ("In Ordnung, danke {agent}.",),
        "close_resolved_negative": ("Gut, aber das hätte nicht {minutes} Minuten dauern dürfen.",),
        "close_unresolved_positive": ("Gut, dann warte ich auf den Anruf, {agent}.",),
        "close_unresolved_neutral": ("Okay, ich warte auf Neuigkeiten zu Fall {case}.",),
        "close_unresolved_negative": (
            "Das ist nicht akzeptabel; ich warte schon {minutes} Minuten.",
        ),
        "bye_resolved": ("Gern geschehen, kann ich sonst noch etwas für Sie tun, {customer}?",),
        "bye_unresolved": ("Ich verstehe, {customer}. Ihre Referenz ist {case}.",),
        "weekday": (
            "Montag",
            "Dienstag",
            "Mittwoch",
            "Donnerstag",
            "Freitag",
            "Samstag",
            "Sonntag",
        ),
    },
    "pt": {
        "bot": ("{Bot_hello}, sou {bot_name}, o assistente virtual - {bot_ask}",),
        "bot_hello": ("Olá", "Bom dia", "Bem-vindo", "Boa tarde"),
        "bot_ask": (
            "como posso ajudar hoje?",
            "descreva brevemente o seu pedido.",
            "qual é o assunto da sua pergunta?",
        ),
        "report": (
            "{Hello}, {issue}. {Report_detail}",
            "{Hello}, fala {customer}: {issue}. {Report_detail}",
        ),
        "hello": ("olá", "bom dia", "boa tarde", "boa noite"),
        "report_detail": (
            "O meu número de cliente é {customer_id}.",
            "Começou {day} por volta das {time}.",
            "Reparei {day} às {time}; sou o cliente {customer_id}.",
        ),
        "greet": (
            "Olá {customer}, o meu nome é {agent} e vou ajudar com isto.",
            "Obrigado por aguardar, {customer}. Sou {agent} e vou ver o seu caso.",
        ),
        "q_id": (
            "Pode dar-me o seu número de cliente, {customer}?",
            "Para encontrar a sua conta, {customer}, qual é o seu número de cliente?",
        ),
        "a_id": ("Claro, é {customer_id}.", "É o {customer_id}."),
        "q_when": (
            "Desde quando acontece isto, {customer}?",
            "Quando começou exatamente, {customer}?",
        ),
        "a_when": ("Desde {day}, por volta das {time}.", "Começou {day} às {time}."),
        "q_digits": ("Pode confirmar os quatro últimos dígitos da conta, {customer}?",),
        "a_digits": ("São {digits}.", "Os quatro últimos são {digits}."),
        "q_tried": ("Já experimentou {tried}, {customer}?",),
        "a_tried": (
            "Sim, experimentei {day} e não resultou.",
            "Acabei de experimentar e às {later} continua a falhar.",
        ),
        "tried": (
            "terminar sessão e voltar a entrar",
            "reiniciar a aplicação",
            "limpar a cache do navegador",
            "atualizar a aplicação",
        ),
        "q_detail": ("Tem alguma referência que eu possa consultar, {customer}?",),
        "a_detail": ("Sim, a referência é {case}.", "É {case}, do e-mail que recebi {day}."),
        "progress": (
            "Obrigado, {customer}. Vou verificar; demora cerca de {minutes} minutos.",
            "Obrigado, {customer}. Vejo a sua conta e a alteração de {day} às {time}.",
            "Ainda estou a verificar, {customer}; preciso de mais {minutes} minutos.",
            "Estou a consultar o departamento, {customer}; volto antes das {later}.",
        ),
        "wait": (
            "Está bem, eu espero {minutes} minutos, {agent}.",
            "Sem pressa, {agent}, estou cá até às {later}.",
            "Continuo aqui, {agent}; tenho até às {later}.",
            "Está bem, espero esses {minutes} minutos.",
        ),
        "fix_billing": (
            "Devolvi a cobrança duplicada de {amount}; verá o valor em {days} dias úteis.",
        ),
        "fix_account-access": (
            "Repus o seu acesso às {later}; vai receber uma ligação por e-mail.",
        ),
        "fix_technical-problem": (
            "Encontrei a causa e corrigi às {later}; tente de novo, por favor (ref. {case}).",
        ),
        "fix_cancellation": (
            "Cancelei o seu contrato; termina dentro de {days} dias, confirmação {case}.",
        ),
        "fix_complaint": (
            "Lamento o sucedido: registei a sua reclamação como {case} e creditei {amount}.",
        ),
        "fix_product-information": (
            "A opção custa {amount} por mês; enviei os detalhes por e-mail (ref. {case}).",
        ),
        "fix_change-request": ("Atualizei os dados da sua conta; a referência é {case}.",),
        "handoff": (
            "Não consigo resolver isto daqui; abri o caso {case} para a equipa "
            "especializada, que o contactará em {days} dias úteis.",
        ),
        "close_resolved_positive": ("Ótimo, muito obrigado, {agent}!",),
        "close_resolved_neutral": ("Está bem, obrigado {agent}.",),
        "close_resolved_negative": ("Pronto, mas não devia ter demorado {minutes} minutos.",),
        "close_unresolved_positive": ("Está bem, aguardo a chamada, {agent}.",),
        "close_unresolved_neutral": ("Certo, aguardo notícias do caso {case}.",),
        "close_unresolved_negative": ("Isto não é aceitável; já espero há {minutes} minutos.",),
        "bye_resolved": ("De nada, posso ajudar em mais alguma coisa, {customer}?",),
        "bye_unresolved": ("Compreendo, {customer}. A sua referência é {case}.",),
        "weekday": (
            "segunda-feira",
            "terça-feira",
            "quarta-feira",
            "quinta-feira",
            "sexta-feira",
            "sábado",
            "domingo",
        ),
    },
    "it": {
        "bot": ("{Bot_hello}, sono {bot_name}, l'assistente virtuale - {bot_ask}",),
        "bot_hello": ("Buongiorno", "Salve", "Benvenuto", "Buonasera"),
        "bot_ask": (
            "come posso aiutarla oggi?",
            "descriva brevemente la richiesta.",
            "di cosa si tratta?",
        ),
        "report": (
            "{Hello}, {issue}. {Report_detail}",
            "{Hello}, sono {customer}: {issue}. {Report_detail}",
        ),
        "hello": ("buongiorno", "salve", "buonasera", "ciao"),
        "report_detail": (
            "Il mio codice cliente è {customer_id}.",
            "È iniziato {day} verso le {time}.",
            "L'ho notato {day} alle {time}; sono il cliente {customer_id}.",
        ),
        "greet": (
            "Buongiorno {customer}, mi chiamo {agent} e la aiuterò con questo.",
            "Grazie per l'attesa, {customer}. Sono {agent} e guardo subito la pratica.",
        ),
        "q_id": (
            "Può darmi il suo codice cliente, {customer}?",
            "Per trovare il suo account, {customer}, qual è il suo codice cliente?",
        ),
        "a_id": ("Certo, è {customer_id}.", "È il {customer_id}."),
        "q_when": ("Da quando succede, {customer}?", "Quando è iniziato esattamente, {customer}?"),
        "a_when": ("Da {day}, verso le {time}.", "È iniziato {day} alle {time} circa."),
        "q_digits": ("Può confermare le ultime quattro cifre del conto, {customer}?",),
        "a_digits": ("Sono {digits}.", "Le ultime quattro sono {digits}."),
        "q_tried": ("Ha già provato a {tried}, {customer}?",),
        "a_tried": (
            "Sì, ho provato {day}, senza risultato.",
            "Ho appena provato e alle {later} non funziona ancora.",
        ),
        "tried": (
            "uscire e rientrare",
            "riavviare l'app",
            "svuotare la cache del browser",
            "aggiornare l'app",
        ),
        "q_detail": ("Ha un riferimento che posso controllare, {customer}?",),
        "a_detail": ("Sì, il riferimento è {case}.", "È {case}, dall'e-mail ricevuta {day}."),
        "progress": (
            "Grazie, {customer}. Controllo subito; ci vorranno circa {minutes} minuti.",
            "Grazie, {customer}. Vedo il suo account e la modifica di {day} alle {time}.",
            "Sto ancora controllando, {customer}; mi servono altri {minutes} minuti.",
            "Sto sentendo il reparto, {customer}; torno prima delle {later}.",
        ),
        "wait": (
            "Va bene, aspetto {minutes} minuti, {agent}.",
            "Nessun problema, faccia con calma fino alle {later}, {agent}.",
            "Sono ancora qui, {agent}; ho tempo fino alle {later}.",
            "Va bene, aspetto quei {minutes} minuti.",
        ),
        "fix_billing": (
            "Ho rimborsato l'addebito doppio di {amount}; lo vedrà entro {days} giorni lavorativi.",
        ),
        "fix_account-access": (
            "Ho ripristinato il suo accesso alle {later}; riceverà un link via e-mail.",
        ),
        "fix_technical-problem": (
            "Ho trovato la causa e l'ho corretta alle {later}; riprovi adesso (rif. {case}).",
        ),
        "fix_cancellation": (
            "Ho disdetto il suo contratto; termina tra {days} giorni, conferma {case}.",
        ),
        "fix_complaint": (
            "Mi dispiace, ho registrato il reclamo come {case} e accreditato {amount}.",
        ),
        "fix_product-information": (
            "L'opzione costa {amount} al mese; le ho inviato i dettagli via e-mail (rif. {case}).",
        ),
        "fix_change-request": ("Ho aggiornato i dati del suo account; riferimento {case}.",),
        "handoff": (
            "Non posso risolverlo da qui; ho aperto la pratica {case} per il team "
            "specializzato, che la contatterà entro {days} giorni lavorativi.",
        ),
        "close_resolved_positive": ("Perfetto, grazie mille, {agent}!",),
        "close_resolved_neutral": ("Va bene, grazie {agent}.",),
        "close_resolved_negative": ("Va bene, ma non doveva richiedere {minutes} minuti.",),
        "close_unresolved_positive": ("D'accordo, aspetto la loro chiamata, {agent}.",),
        "close_unresolved_neutral": ("Va bene, aspetto notizie sulla pratica {case}.",),
        "close_unresolved_negative": ("Non è accettabile; aspetto da {minutes} minuti.",),
        "bye_resolved": ("Prego, posso aiutarla in altro, {customer}?",),
        "bye_unresolved": ("Capisco, {customer}. Il suo riferimento è {case}.",),
        "weekday": ("lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica"),
    },
    "nl": {
        "bot": ("{Bot_hello}, ik ben {bot_name}, de virtuele assistent - {bot_ask}",),
        "bot_hello": ("Hallo", "Goedendag", "Welkom"),
        "bot_ask": (
            "waarmee kan ik u helpen?",
            "beschrijf kort uw vraag.",
            "waar gaat uw vraag over?",
        ),
        "report": (
            "{Hello}, {issue}. {Report_detail}",
            "{Hello}, met {customer}: {issue}. {Report_detail}",
        ),
        "hello": ("hallo", "goedemorgen", "goedemiddag", "goedenavond"),
        "report_detail": (
            "Mijn klantnummer is {customer_id}.",
            "Het begon op {day} rond {time}.",
            "Ik zag het op {day} om {time}; klantnummer {customer_id}.",
        ),
        "greet": (
            "Hallo {customer}, mijn naam is {agent} en ik help u hier graag mee.",
            "Bedankt voor het wachten, {customer}. Ik ben {agent} en ik kijk ernaar.",
        ),
        "q_id": (
            "Kunt u mij uw klantnummer geven, {customer}?",
            "Wat is uw klantnummer, {customer}, zodat ik uw account kan vinden?",
        ),
        "a_id": ("Zeker, het is {customer_id}.", "Het is {customer_id}."),
        "q_when": (
            "Sinds wanneer gebeurt dit, {customer}?",
            "Wanneer begon het precies, {customer}?",
        ),
        "a_when": ("Sinds {day}, rond {time}.", "Het begon op {day} om ongeveer {time}."),
        "q_digits": ("Kunt u de laatste vier cijfers van de rekening bevestigen, {customer}?",),
        "a_digits": ("Die zijn {digits}.", "De laatste vier zijn {digits}."),
        "q_tried": ("Heeft u al geprobeerd om {tried}, {customer}?",),
        "a_tried": (
            "Ja, dat heb ik op {day} geprobeerd, zonder resultaat.",
            "Net geprobeerd, en om {later} werkt het nog steeds niet.",
        ),
        "tried": (
            "uit en weer in te loggen",
            "de app opnieuw te starten",
            "de browsercache te wissen",
            "de app bij te werken",
        ),
        "q_detail": ("Heeft u een referentie die ik kan opzoeken, {customer}?",),
        "a_detail": ("Ja, de referentie is {case}.", "Het is {case}, uit de e-mail van {day}."),
        "progress": (
            "Dank u, {customer}. Ik kijk het na; dat duurt zo'n {minutes} minuten.",
            "Dank u, {customer}. Ik zie uw account en de wijziging van {day} om {time}.",
            "Ik kijk nog even, {customer}; ik heb nog {minutes} minuten nodig.",
            "Ik overleg met de afdeling, {customer}; ik ben terug voor {later}.",
        ),
        "wait": (
            "Goed, ik wacht {minutes} minuten, {agent}.",
            "Geen probleem, neem uw tijd tot {later}, {agent}.",
            "Ik ben er nog, {agent}; ik heb tot {later}.",
            "Goed, ik wacht die {minutes} minuten.",
        ),
        "fix_billing": (
            "Ik heb de dubbele afschrijving van {amount} teruggestort; u ziet het "
            "binnen {days} werkdagen.",
        ),
        "fix_account-access": (
            "Ik heb uw toegang om {later} hersteld; u krijgt een link per e-mail.",
        ),
        "fix_technical-problem": (
            "Ik heb de oorzaak gevonden en om {later} verholpen; probeer "
            "het nu opnieuw (ref. {case}).",
        ),
        "fix_cancellation": (
            "Ik heb uw contract opgezegd; het stopt over {days} dagen, bevestiging {case}.",
        ),
        "fix_complaint": (
            "Het spijt me, ik heb uw klacht geregistreerd als {case} en {amount} gecrediteerd.",
        ),
        "fix_product-information": (
            "De optie kost {amount} per maand; ik heb de details gemaild (ref. {case}).",
        ),
        "fix_change-request": ("Ik heb de gegevens van uw account aangepast; referentie {case}.",),
        "handoff": (
            "Ik kan dit hier niet oplossen; ik heb zaak {case} aangemaakt voor het "
            "specialistenteam, dat binnen {days} werkdagen contact opneemt.",
        ),
        "close_resolved_positive": ("Top, hartelijk dank, {agent}!",),
        "close_resolved_neutral": ("Oké, bedankt {agent}.",),
        "close_resolved_negative": ("Goed, maar dit had geen {minutes} minuten mogen duren.",),
        "close_unresolved_positive": ("Goed, ik wacht op hun telefoontje, {agent}.",),
        "close_unresolved_neutral": ("Oké, ik wacht op nieuws over zaak {case}.",),
        "close_unresolved_negative": ("Dit is niet acceptabel; ik wacht al {minutes} minuten.",),
        "bye_resolved": ("Graag gedaan, kan ik nog iets voor u doen, {customer}?",),
        "bye_unresolved": ("Ik begrijp het, {customer}. Uw referentie is {case}.",),
        "weekday": ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"),
    },
    "ja": {
        "bot": ("{Bot_hello}！バーチャルアシスタントの{bot_name}です。{Bot_ask}",),
        "bot_hello": ("こんにちは", "いらっしゃいませ", "ようこそ"),
        "bot_ask": (
            "本日はどのようなご用件でしょうか？",
            "ご用件を簡単にお書きください。",
            "どのような内容のお問い合わせですか？",
        ),
        "report": (
            "{Hello}。{issue}。{Report_detail}",
            "{Hello}。{customer}です。{issue}。{Report_detail}{Plea}",
        ),
        "hello": ("こんにちは", "すみません", "お世話になっております"),
        "report_detail": (
            "顧客番号は{customer_id}です。",
            "{day}の{time}頃から起きています。",
            "{day}の{time}に気づきました。顧客番号は{customer_id}です。",
        ),
        "plea": ("助けていただけますか？", "確認していただけますか？", "今日中に解決したいです。"),
        "greet": (
            "{customer}様、担当の{agent}です。この件について対応いたします。",
            "お待たせしました、{customer}様。{agent}がお調べします。",
        ),
        "q_id": (
            "{customer}様、顧客番号を教えていただけますか？",
            "{customer}様、アカウントを確認するため、顧客番号をお願いできますか？",
        ),
        "a_id": ("はい、{customer_id}です。", "{customer_id}です。"),
        "q_when": (
            "{customer}様、いつから発生していますか？",
            "{customer}様、正確にはいつ始まりましたか？",
        ),
        "a_when": ("{day}の{time}頃からです。", "{day}の{time}頃に始まりました。"),
        "q_digits": ("{customer}様、口座番号の下4桁をご確認いただけますか？",),
        "a_digits": ("{digits}です。", "下4桁は{digits}です。"),
        "q_tried": ("{customer}様、{tried}はお試しいただけましたか？",),
        "a_tried": (
            "はい、{day}に試しましたが直りませんでした。",
            "今試しましたが、{later}時点でもまだ失敗します。",
        ),
        "tried": (
            "一度ログアウトして再ログインすること",
            "アプリの再起動",
            "ブラウザのキャッシュ削除",
            "アプリの更新",
        ),
        "q_detail": ("{customer}様、確認できる受付番号はございますか？",),
        "a_detail": ("はい、{case}です。", "{day}に届いたメールの{case}です。"),
        "progress": (
            "{customer}様、ありがとうございます。確認しますので{minutes}分ほどお待ちください。",
            "{customer}様、ありがとうございます。"
            "{day}{time}の変更を含めアカウントを確認しています。",
            "{customer}様、引き続き確認中です。あと{minutes}分ほどお待ちください。",
            "{customer}様、担当部署に確認しています。{later}までにご連絡します。",
        ),
        "wait": (
            "分かりました、{minutes}分お待ちします、{agent}さん。",
            "はい、{later}までよろしくお願いします、{agent}さん。",
            "{later}までは大丈夫です、{agent}さん。",
            "分かりました、{minutes}分待ちます。",
        ),
        "fix_billing": ("二重請求の{amount}を返金しました。{days}営業日以内に反映されます。",),
        "fix_account-access": (
            "{later}にアクセスをリセットしました。メールでリンクをお送りしました。",
        ),
        "fix_technical-problem": (
            "原因を特定し、{later}に修正しました。もう一度お試しください（受付番号{case}）。",
        ),
        "fix_cancellation": (
            "ご契約を解約しました。{days}日後に終了します。確認番号は{case}です。",
        ),
        "fix_complaint": (
            "ご迷惑をおかけしました。苦情を{case}として登録し、{amount}を返金しました。",
        ),
        "fix_product-information": (
            "このオプションは月額{amount}です。詳細をメールでお送りしました（{case}）。",
        ),
        "fix_change-request": ("アカウントの登録情報を更新しました。受付番号は{case}です。",),
        "handoff": (
            "こちらでは解決できないため、専門チーム向けに{case}を作成しました。"
            "{days}営業日以内にご連絡いたします。",
        ),
        "close_resolved_positive": ("助かりました、本当にありがとうございます、{agent}さん！",),
        "close_resolved_neutral": ("分かりました、ありがとうございます、{agent}さん。",),
        "close_resolved_negative": ("解決はしましたが、{minutes}分もかかるのは困ります。",),
        "close_unresolved_positive": ("分かりました、連絡をお待ちします、{agent}さん。",),
        "close_unresolved_neutral": ("では{case}の連絡を待ちます。",),
        "close_unresolved_negative": ("{minutes}分も待ったのに、この対応には納得できません。",),
        "bye_resolved": ("どういたしまして。{customer}様、他にお手伝いできることはございますか？",),
        "bye_unresolved": ("承知しました、{customer}様。受付番号は{case}です。",),
        "weekday": ("月曜日", "火曜日", "水曜日", "木曜日", "金曜日", "土曜日", "日曜日"),
    },
}
#: The virtual assistant's names (the same in every language).
BOT_NAMES = ("Ava", "Max", "Nova", "Sam", "Kai", "Robin", "Lumi", "Iris")
#: How money is written in each language (amounts are in the company's currency).
MONEY = {
    "en": "${:.2f}",
    "es": "{:.2f} €",
    "fr": "{:.2f} €",
    "de": "{:.2f} €",
    "pt": "{:.2f} €",
    "it": "{:.2f} €",
    "nl": "€ {:.2f}",
    "ja": "{:.0f}円",
}
#: A product-domain description for industries the lexicons know: their entities become
#: subjects and their root causes explain technical problems.
INDUSTRY_DOMAIN = {"banking": "online banking", "retail": "online store"}
EXTRA_TAGS = ("first-contact", "repeat-contact", "vip", "escalated", "after-hours", "mobile")
