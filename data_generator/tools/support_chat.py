"""``customer-support-chat-log``: customer-service chats in several languages, turn by turn."""

# Japanese phrases use full-width punctuation on purpose.
# ruff: noqa: RUF001

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from data_generator import synth
from data_generator.records import UtcDatetime, in_order
from data_generator.tool import (
    Attribute,
    DataGeneratorTool,
    Hint,
    OutputFormat,
    RecordContext,
    render_document,
)

__all__ = ["ChatTurn", "SupportChatLog", "SupportChatOptions", "SupportChatTool"]

Industry = Literal[
    "telecom", "banking", "retail", "software", "travel", "utilities", "insurance", "healthcare"
]
Language = Literal["en", "es", "fr", "de", "pt", "it", "nl", "ja"]
Channel = Literal["web-chat", "mobile-app", "whatsapp", "sms"]
Sentiment = Literal["positive", "neutral", "negative"]
Speaker = Literal["customer", "agent", "bot"]
Topic = Literal[
    "billing", "account-access", "technical-problem", "cancellation", "complaint",
    "product-information", "change-request",
]  # fmt: skip

LANGUAGES: tuple[str, ...] = get_args(Language)
SENTIMENT_WEIGHTS = {"positive": 0.3, "neutral": 0.4, "negative": 0.3}
CHANNEL_WEIGHTS = {"web-chat": 0.4, "mobile-app": 0.25, "whatsapp": 0.2, "sms": 0.15}
TOPIC_WEIGHTS = {
    "billing": 0.2, "account-access": 0.15, "technical-problem": 0.2, "cancellation": 0.1,
    "complaint": 0.1, "product-information": 0.15, "change-request": 0.1,
}  # fmt: skip
RESOLVED_SHARE = 0.7
#: How often a chat opens with the bot, by channel (apps put a bot in front more often).
BOT_FIRST = {"web-chat": 0.4, "mobile-app": 0.6, "whatsapp": 0.7, "sms": 0.2}
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


def _split_languages(value: Any) -> Any:
    """Read ``"en, es"`` (or a list) as a tuple of distinct, known language codes."""
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, Sequence):
        return value
    codes: list[str] = []
    for item in value:
        code = str(item).strip().lower()
        if not code:
            continue  # "en,es," or "en,,es"
        if code not in LANGUAGES:
            raise ValueError(f"unknown language code {code!r}; choose from {', '.join(LANGUAGES)}")
        if code not in codes:
            codes.append(code)
    if not codes:
        raise ValueError(f"give at least one language code from {', '.join(LANGUAGES)}")
    return tuple(codes)


class SupportChatOptions(BaseModel):
    """Options of the ``customer-support-chat-log`` scenario."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    industry: Industry = Field(default="software", description="Industry of the company.")
    avg_turns: int = Field(default=8, ge=2, le=40, description="Average messages per chat.")
    # The command line passes one string; the validator turns it into a tuple of codes.
    languages: Annotated[tuple[Language, ...], BeforeValidator(_split_languages)] = Field(
        default="en",
        validate_default=True,
        description=f"Comma-separated chat languages, from: {', '.join(LANGUAGES)}.",
    )


class Person(BaseModel):
    """The fictional customer."""

    name: str = Field(description="Fictional full name.")
    customer_id: str = Field(pattern=r"^CUST-\d{6}$", description="Customer id, CUST-000123.")


class Agent(BaseModel):
    """The fictional human agent who took the chat."""

    name: str = Field(description="Fictional full name.")
    agent_id: str = Field(pattern=r"^AGT-\d{4}$", description="Agent id, AGT-0123.")
    team: str = Field(description="The agent's support team.")


class ChatTurn(BaseModel):
    """One message of the chat."""

    speaker: Speaker = Field(description="Who wrote it: customer, agent or bot.")
    message: str = Field(min_length=1, description="The message, in the chat's language.")
    timestamp: UtcDatetime = Field(description="When it was sent (UTC).")


class SupportChatLog(BaseModel):
    """A customer-support chat with its outcome."""

    chat_id: str = Field(pattern=r"^CHAT-\d{6,}$", description="Chat id, CHAT-000123.")
    industry: Industry = Field(description="Industry of the company (the --industry option).")
    channel: Channel = Field(description="Where the chat took place.")
    language: Language = Field(description="Language of every message (one of --languages).")
    started_at: UtcDatetime = Field(description="When the chat session opened (UTC).")
    ended_at: UtcDatetime = Field(description="When it closed, not before the last turn (UTC).")
    customer: Person = Field(description="The customer.")
    agent: Agent = Field(description="The agent who handled the chat.")
    topic: Topic = Field(description="What the customer contacted support about.")
    sentiment: Sentiment = Field(description="The customer's overall sentiment.")
    turns: list[ChatTurn] = Field(
        min_length=2, description="Messages, oldest first; no speaker writes twice in a row."
    )
    resolved: bool = Field(description="Whether the issue was solved in the chat.")
    csat_score: int | None = Field(
        ge=1, le=5, description="Satisfaction survey score 1-5; null when not answered."
    )
    summary: str = Field(min_length=10, description="Short English summary for the team.")
    tags: list[str] = Field(description="Lower-case kebab-case labels for reporting.")


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
#: Message templates by language and role in the chat; slots: {issue}, {customer}, {agent}.
PHRASES: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "bot": ("Hello! I am the virtual assistant. How can I help you today?",
                "Welcome to our support chat. Please tell me briefly what your question is about."),
        "open": ("Hi, {issue}. Can you help me?", "Hello, I need some help: {issue}."),
        "greet": ("Hi {customer}, my name is {agent} and I will help you with this.",),
        "customer": ("Yes, that's right.", "I already tried that and it did not help.",
                     "Here are the details you asked for.", "How long will this take?"),
        "agent": ("Thank you, let me check your account.",
                  "Could you confirm the e-mail address on your account?",
                  "I have found the cause and I am fixing it now."),
        "solved": ("Everything is sorted now. Is there anything else I can do for you?",),
        "unsolved": ("I have passed this to a specialist team; they will contact you "
                     "within two working days.",),
        "positive": ("Great, thank you so much for your help!",),
        "neutral": ("OK, thanks.",),
        "negative": ("This is really not acceptable, I expected better.",),
    },
    "es": {
        "bot": ("¡Hola! Soy el asistente virtual. ¿En qué puedo ayudarle hoy?",
                "Bienvenido al chat de atención al cliente. Cuénteme brevemente su consulta."),
        "open": ("Hola, {issue}. ¿Me pueden ayudar?", "Buenos días, necesito ayuda: {issue}."),
        "greet": ("Hola {customer}, me llamo {agent} y le voy a ayudar con esto.",),
        "customer": ("Sí, es correcto.", "Ya lo he intentado y no ha funcionado.",
                     "Aquí tiene los datos que me pidió.", "¿Cuánto tiempo va a tardar?"),
        "agent": ("Gracias, permítame revisar su cuenta.",
                  "¿Podría confirmar el correo electrónico de su cuenta?",
                  "He encontrado la causa y lo estoy solucionando ahora."),
        "solved": ("Ya está todo resuelto. ¿Puedo ayudarle en algo más?",),
        "unsolved": ("He pasado su caso a un equipo especializado; le contactarán en dos "
                     "días laborables.",),
        "positive": ("¡Perfecto, muchas gracias por su ayuda!",),
        "neutral": ("De acuerdo, gracias.",),
        "negative": ("Esto no es aceptable, esperaba un mejor servicio.",),
    },
    "fr": {
        "bot": ("Bonjour ! Je suis l'assistant virtuel. Comment puis-je vous aider ?",
                "Bienvenue sur le chat du service client. Décrivez brièvement votre demande."),
        "open": ("Bonjour, {issue}. Pouvez-vous m'aider ?",
                 "Bonjour, j'ai besoin d'aide : {issue}."),
        "greet": ("Bonjour {customer}, je m'appelle {agent} et je vais vous aider.",),
        "customer": ("Oui, c'est bien ça.", "J'ai déjà essayé et cela n'a pas marché.",
                     "Voici les informations demandées.",
                     "Combien de temps cela va-t-il prendre ?"),
        "agent": ("Merci, je vérifie votre compte.",
                  "Pouvez-vous confirmer l'adresse e-mail de votre compte ?",
                  "J'ai trouvé la cause et je corrige le problème."),
        "solved": ("Tout est réglé. Puis-je faire autre chose pour vous ?",),
        "unsolved": ("J'ai transmis votre dossier à une équipe spécialisée ; elle vous "
                     "contactera sous deux jours ouvrés.",),
        "positive": ("Parfait, merci beaucoup pour votre aide !",),
        "neutral": ("D'accord, merci.",),
        "negative": ("Ce n'est vraiment pas acceptable, j'attendais mieux.",),
    },
    "de": {
        "bot": ("Hallo! Ich bin der virtuelle Assistent. Wie kann ich Ihnen heute helfen?",
                "Willkommen im Kundenservice-Chat. Bitte beschreiben Sie kurz Ihr Anliegen."),
        "open": ("Hallo, {issue}. Können Sie mir helfen?",
                 "Guten Tag, ich brauche Hilfe: {issue}."),
        "greet": ("Hallo {customer}, mein Name ist {agent} und ich helfe Ihnen gern weiter.",),
        "customer": ("Ja, das stimmt.", "Das habe ich schon versucht, es hat nicht geholfen.",
                     "Hier sind die gewünschten Angaben.", "Wie lange wird das dauern?"),
        "agent": ("Danke, ich prüfe kurz Ihr Konto.",
                  "Können Sie die E-Mail-Adresse Ihres Kontos bestätigen?",
                  "Ich habe die Ursache gefunden und behebe sie jetzt."),
        "solved": ("Jetzt ist alles erledigt. Kann ich sonst noch etwas für Sie tun?",),
        "unsolved": ("Ich habe Ihr Anliegen an ein Fachteam weitergeleitet; es meldet sich "
                     "innerhalb von zwei Werktagen.",),
        "positive": ("Super, vielen Dank für Ihre Hilfe!",),
        "neutral": ("In Ordnung, danke.",),
        "negative": ("Das ist wirklich nicht akzeptabel, ich hatte mehr erwartet.",),
    },
    "pt": {
        "bot": ("Olá! Sou o assistente virtual. Como posso ajudar hoje?",
                "Bem-vindo ao chat de apoio ao cliente. Descreva brevemente o seu pedido."),
        "open": ("Olá, {issue}. Podem ajudar-me?", "Bom dia, preciso de ajuda: {issue}."),
        "greet": ("Olá {customer}, o meu nome é {agent} e vou ajudar com isto.",),
        "customer": ("Sim, está correto.", "Já tentei isso e não resultou.",
                     "Aqui estão os dados que pediu.", "Quanto tempo vai demorar?"),
        "agent": ("Obrigado, vou verificar a sua conta.",
                  "Pode confirmar o e-mail associado à sua conta?",
                  "Encontrei a causa e estou a resolver agora."),
        "solved": ("Está tudo resolvido. Posso ajudar em mais alguma coisa?",),
        "unsolved": ("Encaminhei o seu caso para uma equipa especializada; entrarão em "
                     "contacto em dois dias úteis.",),
        "positive": ("Ótimo, muito obrigado pela ajuda!",),
        "neutral": ("Está bem, obrigado.",),
        "negative": ("Isto não é aceitável, esperava melhor.",),
    },
    "it": {
        "bot": ("Buongiorno! Sono l'assistente virtuale. Come posso aiutarla oggi?",
                "Benvenuto nella chat dell'assistenza clienti. Descriva brevemente la richiesta."),
        "open": ("Buongiorno, {issue}. Potete aiutarmi?", "Salve, ho bisogno di aiuto: {issue}."),
        "greet": ("Buongiorno {customer}, mi chiamo {agent} e la aiuterò con questo.",),
        "customer": ("Sì, è corretto.", "Ho già provato e non ha funzionato.",
                     "Ecco i dati che mi ha chiesto.", "Quanto tempo ci vorrà?"),
        "agent": ("Grazie, controllo subito il suo account.",
                  "Può confermare l'indirizzo e-mail del suo account?",
                  "Ho trovato la causa e sto risolvendo il problema."),
        "solved": ("Adesso è tutto a posto. Posso aiutarla in altro?",),
        "unsolved": ("Ho inoltrato la sua pratica a un team specializzato; la contatteranno "
                     "entro due giorni lavorativi.",),
        "positive": ("Perfetto, grazie mille per l'aiuto!",),
        "neutral": ("Va bene, grazie.",),
        "negative": ("Non è accettabile, mi aspettavo di meglio.",),
    },
    "nl": {
        "bot": ("Hallo! Ik ben de virtuele assistent. Waarmee kan ik u vandaag helpen?",
                "Welkom bij de klantenservice-chat. Beschrijf kort uw vraag."),
        "open": ("Hallo, {issue}. Kunt u mij helpen?", "Goedemiddag, ik heb hulp nodig: {issue}."),
        "greet": ("Hallo {customer}, mijn naam is {agent} en ik help u hier graag mee.",),
        "customer": ("Ja, dat klopt.", "Dat heb ik al geprobeerd, maar het hielp niet.",
                     "Hier zijn de gegevens waar u om vroeg.", "Hoe lang gaat dit duren?"),
        "agent": ("Dank u, ik kijk even in uw account.",
                  "Kunt u het e-mailadres van uw account bevestigen?",
                  "Ik heb de oorzaak gevonden en los het nu op."),
        "solved": ("Alles is nu opgelost. Kan ik nog iets anders voor u doen?",),
        "unsolved": ("Ik heb uw vraag doorgezet naar een gespecialiseerd team; zij nemen "
                     "binnen twee werkdagen contact met u op.",),
        "positive": ("Top, hartelijk dank voor uw hulp!",),
        "neutral": ("Oké, bedankt.",),
        "negative": ("Dit is echt niet acceptabel, ik had beter verwacht.",),
    },
    "ja": {
        "bot": ("こんにちは！バーチャルアシスタントです。本日はどのようなご用件でしょうか？",
                "カスタマーサポートチャットへようこそ。ご用件を簡単にお書きください。"),
        "open": ("こんにちは。{issue}。助けていただけますか？",
                 "すみません、{issue}。対応をお願いできますか？"),
        "greet": ("{customer}様、担当の{agent}です。この件について対応いたします。",),
        "customer": ("はい、その通りです。", "それはもう試しましたが、解決しませんでした。",
                     "ご依頼の情報をお送りします。", "どのくらい時間がかかりますか？"),
        "agent": ("ありがとうございます。アカウントを確認いたします。",
                  "アカウントに登録されているメールアドレスをご確認いただけますか？",
                  "原因が分かりましたので、今から修正いたします。"),
        "solved": ("すべて解決いたしました。他にお手伝いできることはございますか？",),
        "unsolved": ("専門チームに引き継ぎました。2営業日以内にご連絡いたします。",),
        "positive": ("助かりました、本当にありがとうございます！",),
        "neutral": ("分かりました、ありがとうございます。",),
        "negative": ("この対応には納得できません。",),
    },
}  # fmt: skip
EXTRA_TAGS = ("first-contact", "repeat-contact", "vip", "escalated", "after-hours", "mobile")


def merge_turns(turns: Sequence[ChatTurn]) -> list[ChatTurn]:
    """Sort turns by time, then merge consecutive messages of the same speaker into one."""
    merged: list[ChatTurn] = []
    for turn in sorted(turns, key=lambda turn: turn.timestamp):
        if merged and merged[-1].speaker == turn.speaker:
            previous = merged[-1]
            merged[-1] = previous.model_copy(
                update={"message": f"{previous.message}\n{turn.message}"}
            )
        else:
            merged.append(turn)
    return merged


class SupportChatTool(DataGeneratorTool[SupportChatOptions, SupportChatLog]):
    """Customer-support chat logs: turns, language, sentiment, outcome and CSAT."""

    name = "customer-support-chat-log"
    description = "Customer-support chat logs: turns, language, sentiment, resolution, CSAT."
    options_model = SupportChatOptions
    record_model = SupportChatLog
    token_budget = 4000

    def get_system_description(self) -> str:
        """System message: who the model plays."""
        return (
            "You write realistic, internally consistent customer-support chat logs for test "
            "and demo data. All people, companies and ids are fictional; never include real "
            "contact details, card numbers or account numbers."
        )

    def build_prompt(self, output_format: OutputFormat) -> str:
        """User prompt; per-record attributes arrive in ``{{$attributes}}``."""
        options = self.options
        return (
            f"Write customer-support chat number {{{{$index}}}} for a {options.industry} "
            "company.\n"
            "Use these attributes for this chat: {{$attributes}}.\n"
            f"The chat has about {options.avg_turns} turns. It starts with the customer or "
            "the bot, and no speaker writes twice in a row. Turns are in time order and lie "
            "between started_at and ended_at. Every message is written in the chat's "
            "language; the summary is in English.\n"
            "Answer with one JSON object that matches the given schema."
        )

    def examples(self) -> list[str]:
        """Example command lines."""
        return [
            "datagen customer-support-chat-log --industry telecom --count 20 --provider offline",
            "datagen customer-support-chat-log --industry banking --languages en,es,de "
            "--avg-turns 12 -n 50 -f txt --provider offline",
        ]

    def attributes(self) -> list[Attribute]:
        """Language (uniform over --languages), sentiment, channel, topic and resolved."""
        return [
            Attribute("language", dict.fromkeys(self.options.languages, 1.0), observe="language"),
            Attribute("sentiment", SENTIMENT_WEIGHTS, observe="sentiment"),
            Attribute("channel", CHANNEL_WEIGHTS, observe="channel"),
            Attribute("topic", TOPIC_WEIGHTS, observe="topic"),
            Attribute(
                "resolved", {True: RESOLVED_SHARE, False: 1 - RESOLVED_SHARE}, observe="resolved"
            ),
        ]

    def offline_hints(self) -> dict[str, Hint]:
        """Field generators for the offline provider."""
        start = synth.ANCHOR - timedelta(days=365)
        end = synth.ANCHOR - timedelta(days=1)
        return {
            "chat_id": lambda _rng, ctx: f"CHAT-{ctx.index:06d}",
            "industry": lambda _rng, _ctx: self.options.industry,
            "channel": lambda _rng, ctx: ctx.attributes["channel"],
            "language": lambda _rng, ctx: ctx.attributes["language"],
            "started_at": lambda rng, _ctx: synth.datetime_between(rng, start, end, resolution=1),
            "customer.customer_id": lambda rng, _ctx: synth.identifier(rng, "CUST"),
            "agent.agent_id": lambda rng, _ctx: synth.identifier(rng, "AGT", digits=4),
            "agent.team": lambda _rng, ctx: TEAMS[ctx.attributes["topic"]],
            "topic": lambda _rng, ctx: ctx.attributes["topic"],
            "sentiment": lambda _rng, ctx: ctx.attributes["sentiment"],
            "resolved": lambda _rng, ctx: ctx.attributes["resolved"],
            # Filled in by offline_finalize, which needs the other fields first.
            "ended_at": lambda _rng, _ctx: None,
            "turns": lambda _rng, _ctx: [],
            "csat_score": lambda _rng, _ctx: None,
            "summary": lambda _rng, _ctx: "",
            "tags": lambda _rng, _ctx: [],
        }

    def _turn_count(self, rng: random.Random, bot_first: bool) -> int:
        average = self.options.avg_turns
        drawn = round(rng.gauss(average, max(1.0, average / 4)))
        return max(3 if bot_first else 2, drawn)

    def offline_finalize(
        self, record: dict[str, Any], rng: random.Random, ctx: RecordContext
    ) -> dict[str, Any]:
        """Write the turns in the chat's language, then the times, score, summary and tags."""
        language, topic = record["language"], record["topic"]
        phrases = PHRASES[language]
        values = {
            "issue": ISSUES[language][topic],
            "customer": record["customer"]["name"].split()[0],
            "agent": record["agent"]["name"].split()[0],
        }
        bot_first = rng.random() < BOT_FIRST[record["channel"]]
        count = self._turn_count(rng, bot_first)
        speakers = ["bot"] if bot_first else []
        while len(speakers) < count:
            speakers.append("agent" if speakers[-1:] == ["customer"] else "customer")
        moment: datetime = record["started_at"] + timedelta(seconds=int(rng.random() * 30))
        turns: list[dict[str, Any]] = []
        for position, speaker in enumerate(speakers):
            if position == count - 1:
                key = ("solved" if record["resolved"] else "unsolved") if speaker == "agent" else ""
                key = key or record["sentiment"]
            elif speaker == "customer":
                key = "open" if position <= 1 else "customer"
            elif speaker == "agent":
                key = "greet" if "agent" not in speakers[:position] else "agent"
            else:
                key = "bot"
            message = synth.choose(rng, phrases[key]).format(**values)
            turns.append({"speaker": speaker, "message": message, "timestamp": moment})
            moment += timedelta(seconds=15 + int(rng.random() * 240))
        record["turns"] = turns
        last: datetime = turns[-1]["timestamp"]
        record["ended_at"] = last + timedelta(seconds=int(rng.random() * 120))
        if rng.random() < 0.7:
            low = {"positive": 4, "neutral": 3, "negative": 1}[record["sentiment"]]
            record["csat_score"] = low + int(rng.random() * 2)
        subject = synth.choose(rng, SUBJECTS[record["industry"]])
        outcome = "resolved in the chat" if record["resolved"] else "passed to a specialist team"
        record["summary"] = (
            f"{values['customer']} contacted {record['agent']['team']} via {record['channel']} "
            f"about their {subject} ({topic.replace('-', ' ')}); the issue was {outcome}. "
            f"Customer sentiment: {record['sentiment']}."
        )
        extra = rng.sample(EXTRA_TAGS, int(rng.random() * 3))
        status = "resolved" if record["resolved"] else "unresolved"
        record["tags"] = [topic, record["industry"], subject.replace(" ", "-"), status, *extra]
        return record

    def repair(self, record: SupportChatLog) -> SupportChatLog:
        """Mechanical repairs.

        The industry is set from the options; turns are put in time order and consecutive
        messages of one speaker merged; an ``ended_at`` before the latest message is moved
        to it.
        """
        updates: dict[str, Any] = {}
        if record.industry != self.options.industry:
            updates["industry"] = self.options.industry
        turns = merge_turns(record.turns)
        if turns != record.turns:
            updates["turns"] = turns
        # The latest message of the answer, before merging: the chat cannot end earlier.
        latest = max((turn.timestamp for turn in record.turns), default=record.ended_at)
        if record.ended_at < latest:
            updates["ended_at"] = latest
        return record.model_copy(update=updates) if updates else record

    def invariant_problems(self, record: SupportChatLog) -> list[str]:
        """Turn order, speakers, time window, language and industry."""
        problems = []
        if record.industry != self.options.industry:
            problems.append("industry differs from --industry")
        if record.language not in self.options.languages:
            problems.append(f"language {record.language!r} is not one of --languages")
        turns = record.turns
        stamps = [turn.timestamp for turn in turns]
        if not in_order(stamps):
            problems.append("the turns are not in time order")
        if any(a.speaker == b.speaker for a, b in itertools.pairwise(turns)):
            problems.append("a speaker writes twice in a row")
        if len(turns) < 2:
            problems.append("a chat needs at least two turns")
        if turns and turns[0].speaker == "agent":
            problems.append("the first turn must come from the customer or the bot")
        if record.ended_at < record.started_at:
            problems.append("ended_at is before started_at")
        if stamps and min(stamps) < record.started_at:
            problems.append("a turn is before started_at")
        if stamps and max(stamps) > record.ended_at:
            problems.append("a turn is after ended_at")
        return problems

    def render_text(self, record: SupportChatLog) -> str:
        """A readable chat transcript: facts, conversation, summary, tags."""
        names = {"customer": record.customer.name, "agent": record.agent.name, "bot": "Bot"}
        conversation = "\n".join(
            f"[{turn.timestamp.isoformat()}] {names[turn.speaker]} ({turn.speaker}): {turn.message}"
            for turn in record.turns
        )
        csat = "not answered" if record.csat_score is None else f"{record.csat_score}/5"
        return render_document(
            f"Chat {record.chat_id}: {record.topic} ({record.industry})",
            facts=[
                ("Channel", record.channel),
                ("Language", record.language),
                ("Started", record.started_at.isoformat()),
                ("Ended", record.ended_at.isoformat()),
                ("Customer", f"{record.customer.name} ({record.customer.customer_id})"),
                ("Agent", f"{record.agent.name} ({record.agent.agent_id}), {record.agent.team}"),
                ("Sentiment", record.sentiment),
                ("Resolved", "yes" if record.resolved else "no"),
                ("CSAT", csat),
            ],
            sections=[("Conversation", conversation), ("Summary", record.summary)],
            footer=[f"Tags: {', '.join(record.tags)}"],
        )
