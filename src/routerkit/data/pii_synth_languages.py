"""PII generator templates beyond English, and look-alikes that must stay ``O`` (our own sentences).

Read by :mod:`routerkit.data.pii_synth`, which owns the slots (``{{NAME}}``, ``{{ZH_NAME}}``,
``{{DATE_DE}}`` ...) and draws these templates like its others. Why they exist: a router's chat
traffic holds requests written in German, Spanish, Chinese, Hindi or French, and English requests
that name Chinese, Indian, Spanish or German people and places; a model trained on English carrier
sentences alone reads capitalised German nouns or Spanish verbs as names. The negative templates
here hold no entity at all: ordinary non-English requests (German nouns are capitalised), and the
English look-alikes of version strings, dotted file names, job titles, log lines and arithmetic.
"""

from __future__ import annotations

#: requests written in other languages, with entities (slots: see ``pii_synth._ENTITY_SLOTS``)
LANGUAGE_POSITIVE_TEMPLATES: tuple[str, ...] = (
    # --- German
    "Schreib bitte eine kurze Nachricht an {{DE_NAME}}: der Termin am {{DATE_DE}} fällt aus.",
    "Meine neue Adresse ist {{STREET}}, {{ZIP}} {{CITY_DE}}. Kannst du das für die Ummeldung formulieren?",
    "Ich bin {{AGE}} Jahre alt und wohne seit {{YEAR}} in {{CITY_DE}}. Lohnt sich eine Zusatzversicherung?",
    "Bitte prüfe, ob diese IBAN stimmt: {{IBAN}} (Kontoinhaber {{DE_NAME}}).",
    "Formuliere eine höfliche Absage an {{ORG}}, Ansprechpartnerin ist {{DE_NAME}} ({{EMAIL}}).",
    "Wie erreiche ich {{DE_NAME}}? Die Nummer {{PHONE}} geht nicht mehr.",
    "Übersetze ins Englische: Liebe {{FIRST}}, vielen Dank für deine Bewerbung bei {{ORG}}.",
    "Mein Flug nach {{CITY}} geht am {{DATE_DE}}. Was muss ich für die Einreise nach {{COUNTRY}} beachten?",
    "Ist {{URL}} eine seriöse Seite? Dort soll ich meine Kreditkarte {{CARD}} angeben.",
    # --- Spanish
    "¿Puedes escribir un correo a {{ES_NAME}} ({{EMAIL}}) para confirmar la reunión del {{DATE_ES}}?",
    "Vivo en {{CITY_ES}} y tengo {{AGE}} años. ¿Qué seguro médico me recomiendas?",
    "Necesito una carta de recomendación para {{ES_NAME}}, que trabajó con nosotros en {{ORG}}.",
    "Mi número es {{PHONE}}, dile a {{FIRST}} que me llame cuando llegue a {{CITY}}.",
    "¿Esta dirección está bien escrita? {{STREET}}, {{ZIP}} {{CITY_ES}}",
    "Redacta un mensaje para {{ES_NAME}}: el pago de la factura vence el {{DATE_ES}}.",
    "Hola, soy {{ES_NAME}} y me mudé a {{COUNTRY}} en {{YEAR}}. ¿Cómo tramito el permiso de residencia?",
    "¿Me ayudas a responder a {{ORG}}? Me cobraron dos veces en la tarjeta {{CARD}}.",
    "Traduce al inglés: {{ES_NAME}} atiende a sus pacientes los {{WEEKDAY_ES}} en {{CITY_ES}}.",
    # --- Chinese
    "请帮我给{{ZH_NAME}}写一封邮件，他的邮箱是{{EMAIL}}，告诉他会议改到{{DATE_ZH}}。",
    "我叫{{ZH_NAME}}，今年{{AGE}}岁，住在{{ZH_CITY}}。帮我写一段自我介绍。",
    "这个电话号码{{PHONE}}是{{ZH_NAME}}的吗？他{{DATE_ZH}}给我打过电话。",
    "我下个月要从{{ZH_CITY}}搬到{{ZH_CITY}}，怎么办理社保转移？",
    "请把这句话翻译成英文：{{ZH_NAME}}在{{ORG}}工作，办公室在{{ZH_CITY}}。",
    "我的服务器IP是{{IPV4}}，网站{{DOMAIN}}打不开了，怎么排查？",
    "帮我给{{NAME}}回复一下，谢谢他{{DATE_ZH}}的帮助。",
    "Can you help me write a birthday message for {{ZH_NAME}}? She lives in {{ZH_CITY}} now.",
    # --- Hindi (Devanagari) and Hinglish
    "मेरा नाम {{HI_NAME}} है और मैं {{HI_CITY}} में रहता हूँ। मेरे लिए एक छोटा परिचय लिखिए।",
    "कृपया {{HI_NAME}} को एक ईमेल लिखें ({{EMAIL}}), मीटिंग {{DATE_HI}} को है।",
    "मेरी उम्र {{AGE}} साल है। {{HI_CITY}} में कौन सा स्वास्थ्य बीमा अच्छा रहेगा?",
    "{{HI_NAME}} का फ़ोन नंबर {{PHONE}} है, उन्हें याद दिलाने के लिए एक संदेश लिखो।",
    "bhai {{FIRST}} ko message likh do ki kal {{TIME}} baje {{CITY}} station pe milna hai",
    "mera naam {{NAME}} hai, mujhe {{ORG}} ke liye ek cover letter chahiye",
    # --- French and Portuguese
    "Peux-tu écrire un mail à {{NAME}} ({{EMAIL}}) pour décaler notre rendez-vous au {{DATE_FR}} ?",
    "J'habite {{STREET}}, {{ZIP}} {{CITY}}. Comment résilier mon abonnement chez {{ORG}} ?",
    "Pode escrever uma mensagem para {{NAME}}? O telefone dele é {{PHONE}}.",
    "Tenho {{AGE}} anos e moro em {{CITY}} desde {{YEAR}}. Vale a pena fazer um mestrado?",
)

#: job titles alone: ``TITLE`` under ``title=all``, ``O`` under the default ``title=honorifics``
JOB_TITLE_TEMPLATES: tuple[str, ...] = (
    "I'm a {{JOB}} with five years of experience. How do I ask for a raise?",
    "What does a typical day look like for a {{JOB}}?",
    "Write a job ad for a {{JOB}} at a small startup.",
    "Is it realistic to switch careers from {{JOB}} to {{JOB}} at 40?",
)

#: requests with no entity: other languages, and English look-alikes (slots: ``pii_synth._DISTRACTOR_SLOTS``)
LANGUAGE_NEGATIVE_TEMPLATES: tuple[str, ...] = (
    # --- German (capitalised nouns are not names)
    "Kannst du diesen Absatz über Nachhaltigkeit kürzer fassen?",
    "Wie berechne ich die Mehrwertsteuer auf {{PRICE}}?",
    "Erkläre mir den Unterschied zwischen Miete und Nebenkosten.",
    "Wo finde ich in den Einstellungen die Option für den Dunkelmodus?",
    "Schreib mir ein Rezept für Kartoffelsuppe für {{NUM}} Personen.",
    "Warum startet mein Rechner nach dem Update auf {{VERSION}} nicht mehr?",
    "Fasse diesen Artikel über Energiepolitik in drei Sätzen zusammen.",
    "Was bedeutet die Fehlermeldung {{ERRCODE}} beim Drucker?",
    # --- Spanish
    "¿Cómo se calcula el interés compuesto de un préstamo?",
    "¿Me explicas la diferencia entre ser y estar con ejemplos?",
    "Escribe un poema corto sobre el mar para mi clase de literatura.",
    "¿Por qué mi código en {{LANG}} da error al abrir {{FILENAME}}?",
    "Dame {{NUM}} ideas de cenas rápidas y baratas.",
    "Resume este texto en un párrafo, por favor.",
    # --- Chinese
    "请解释一下什么是机器学习，最好举个例子。",
    "帮我写一首关于秋天的短诗。",
    "{{PKG}}=={{VERSION}}安装失败，报错{{ERRCODE}}，怎么办？",
    "这道题怎么做：{{ARITH}}",
    "推荐{{NUM}}本适合初学者的编程书。",
    # --- Hindi and Hinglish
    "मुझे चक्रवृद्धि ब्याज का सूत्र समझाइए।",
    "एक छोटी कहानी लिखिए जिसमें एक बिल्ली और एक चूहा हो।",
    "bhai ye {{LANG}} error kya hai: {{ERRCODE}}, fix kaise karu?",
    # --- French
    "Explique-moi la photosynthèse simplement, s'il te plaît.",
    "Comment convertir {{QTY}} en unités impériales ?",
    # --- English look-alikes: versions, dotted file names, log lines, arithmetic
    "Why does {{FILENAME}} fail to load after upgrading to {{VERSION}}?",
    "Rename {{FILENAME}} to {{FILENAME}} in every import.",
    "The release notes for {{VERSION}} mention a fix in {{FILENAME}}. What changed?",
    "What does this log line mean? {{LOGLINE}}",
    "I keep seeing `{{LOGLINE}}` in the logs. Should I worry?",
    "Explain each part of this output:\n{{LOGLINE}}\n{{LOGLINE}}",
    "Check my working: {{ARITH}}",
    "is {{ARITH}} right? my teacher says no",
    "Simplify {{ARITH}} step by step.",
    "Is version {{VERSION}} compatible with {{VERSION}}?",
)
