"""Build benchmarks/data/pii_chat_check.jsonl: a hand-written PII evaluation set.

Every prompt below was written by hand, independently of the synthetic training
generator and of the Presidio research templates (neither was consulted).  The
prompts imitate what users send to an assistant: support requests, letters and
emails to draft, forms, CVs, bookings, bug reports / logs, code with config
values, medical / HR / legal questions, casual chat (lowercase, typos, emoji),
and non-English text.  Roughly 40% of the prompts contain no PII at all but
carry "hard negatives" (versions, prices, order ids, hashes, UUIDs, status and
error codes, quantities, math, product names, eponyms such as "Bayes' theorem",
names used as ordinary words such as "will"/"bill"/"mark", file paths,
localhost ...).

Markup
------
Gold spans are written inline as ``[[TYPE:value]]``.  ``build()`` strips the
markup and records ``start``/``end`` as Python ``str`` indices (code points)
into the cleaned text, so ``text[start:end] == value`` by construction; this is
asserted again for every span.  The markup regex only fires on the 17 known
type names, so literal ``[[`` in code/math (e.g. ``[[2, 1], [5, 3]]``) is left
alone.

Annotation conventions (routerkit's PII conventions: README, routerkit.data.pii_conventions)
-------------------------------------------------------------
* PERSON: the name only; no honorific, no possessive ``'s``.  First names and
  lowercase names in casual text count.
* TITLE: honorifics only (``Mr.``, ``Dr.``, ``Prof.``, ``mrs``, ``Madame``),
  a separate span including the dot.  Job titles (``nurse``, ``CFO``,
  ``Staff Engineer``) are not labelled (routerkit's ``title=honorifics``
  convention; until 2026-12-02 this check labelled them TITLE).
* AGE: the number only.
* DATE_TIME: concrete dates, years, months, weekdays, clock times, timestamps
  and card expiry dates.  Vague/relative expressions ("next week", "last
  month", "this month") are not labelled.  A date-time phrase is one span:
  a date and a time next to each other ("Thursday 9:15am", an e-mail header
  timestamp) or joined by a comma, "at" or "on" ("Friday at 23:59"; until
  2026-12-02 this check wrote the last as two spans).
  Durations ("6 hours", "30 days", "500 ms") are not labelled.
* GPE: countries, cities, states (incl. abbreviations such as ``IL``) and city
  districts.
* STREET_ADDRESS: the street line only (house number, street, apartment/unit);
  city -> GPE, postcode -> ZIP_CODE.
* DOMAIN_NAME: website / URL / hostname of a real-looking site, whole URL as
  one span.  ``localhost`` is not a domain.  Domains inside e-mail addresses are
  part of the EMAIL_ADDRESS span.
* ORGANIZATION: company / institution names (not product names: "iPhone 15",
  "Honda Civic", "Kafka", "Jenkins" are not organisations).
* NRP: a nationality / religious / political group as a single word.
  Language names ("English") are avoided in the data because they are
  ambiguous.
* Other types: PHONE_NUMBER, EMAIL_ADDRESS, CREDIT_CARD, IBAN_CODE, IP_ADDRESS
  (v4 and v6), US_SSN, US_DRIVER_LICENSE, ZIP_CODE.

All names, numbers and addresses are invented (or well-known documentation
test values such as 4111 1111 1111 1111 / RFC 5737 addresses).

Usage::

    python benchmarks/data/make_pii_chat_check.py

writes ``pii_chat_check.jsonl`` next to this script and prints statistics.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

from routerkit.data.pii import PII_ENTITY_TYPES as TYPES  # noqa: E402  (the 17 types)

MARKUP = re.compile(r"\[\[(" + "|".join(TYPES) + r"):(.*?)\]\]")
# Anything that looks like markup but was not consumed (typo in a type name,
# missing closing brackets, ...) is an authoring error.
LEFTOVER = re.compile(r"\[\[[A-Z_]+:")


def P(text: str, note: str) -> tuple[str, str]:
    """A prompt; a leading newline (from triple-quoted strings) is dropped."""
    if text.startswith("\n"):
        text = text[1:]
    return text, note


# ---------------------------------------------------------------------------
# Prompts containing PII (some also contain hard-negative distractors).
# ---------------------------------------------------------------------------
POSITIVE = [
    P("Hi, I ordered a blender last week (order #48213) and it arrived with a cracked jar. "
      "My name is [[PERSON:Laura Méndez]] and the account email is [[EMAIL_ADDRESS:laura.mendez84@gmail.com]]. "
      "Can you help me write a complaint to the store? It cost $89.99.",
      "support request + order id/price distractors"),
    P("Can you write a polite email to my landlord [[TITLE:Mr.]] [[PERSON:Okafor]] saying the heating at "
      "[[STREET_ADDRESS:17 Wellington Road]], [[GPE:Manchester]] [[ZIP_CODE:M14 6BT]] has been broken since "
      "[[DATE_TIME:Monday]]? I'd like it fixed before my parents visit.",
      "email to draft, UK address"),
    P("""
Fill this in for me as JSON:
Name: [[PERSON:Daniel Hoffmann]]
DOB: [[DATE_TIME:12/04/1987]]
Phone: [[PHONE_NUMBER:+49 151 2345 6789]]
Address: [[STREET_ADDRESS:Lindenstraße 42]], [[ZIP_CODE:10969]] [[GPE:Berlin]]
IBAN: [[IBAN_CODE:DE89 3704 0044 0532 0130 00]]""",
      "form filling, multi-line, German"),
    P("Please polish my CV summary: 'I am [[PERSON:Priya Raghunathan]], a [[AGE:29]]-year-old "
      "data analyst at [[ORGANIZATION:Deloitte]] in [[GPE:Bangalore]] with 6 years of experience "
      "in SQL, Python 3.11 and Tableau.'",
      "CV + version distractor"),
    P("Book me a flight from [[GPE:Chicago]] to [[GPE:Lisbon]] on [[DATE_TIME:June 14]], returning "
      "[[DATE_TIME:June 28]]. Passenger: [[PERSON:Marcus Bell]], frequent flyer number UA-88213. "
      "Budget around $1,200, aisle seat please.",
      "travel booking"),
    P("""
Our API keeps returning 502 after the v2.3.1 deploy. Log snippet:
```
[[DATE_TIME:2024-03-11T09:42:17Z]] [error] 2211#0: *48213 upstream timed out (110: Connection timed out) while reading response header from upstream, client: [[IP_ADDRESS:203.0.113.45]], server: localhost, request: "GET /v1/orders/ORD-55821 HTTP/1.1"
```
any idea what to check first?""",
      "bug report with log line; ids/codes distractors"),
    P("""
why does my connection time out? config.py:
```python
DB_HOST = "[[IP_ADDRESS:10.0.4.17]]"
DB_PORT = 5432
POOL_SIZE = 20
TIMEOUT_MS = 500
ADMIN_EMAIL = "[[EMAIL_ADDRESS:ops-alerts@brightwave.io]]"
```""",
      "code with config values"),
    P("My mother is [[AGE:72]] and was just prescribed 5 mg amlodipine by [[TITLE:Dr.]] [[PERSON:Feldman]]. "
      "She already takes 81 mg aspirin daily. Is that combination ok?",
      "medical question, dosage distractors"),
    P("I'm the HR lead at [[ORGANIZATION:Corvex Logistics]]. An employee, [[PERSON:Tomás Herrera]], "
      "has been late 6 times since [[DATE_TIME:January]]. How do I write a formal warning letter that's fair?",
      "HR question"),
    P("My ex-employer [[ORGANIZATION:Halvorsen & Price LLP]] still hasn't paid my final salary of €3,450. "
      "I live in [[GPE:Dublin]]. What are my options?",
      "legal question, price distractor"),
    P("hey so my gf [[PERSON:jess]] turns [[AGE:25]] on [[DATE_TIME:saturday]] lol what shd i get her, "
      "she loves hiking and plants 🌱",
      "casual lowercase, emoji"),
    P("I'm filling out a W-4 for my new job. Is it safe to email my SSN ([[US_SSN:412-67-3098]]) to the HR "
      "person at [[EMAIL_ADDRESS:hr@pinecrestdental.com]] or should I send it another way?",
      "SSN"),
    P("rental car form asks for license #. mine is [[US_DRIVER_LICENSE:D4728193]] ([[GPE:california]]), "
      "exp [[DATE_TIME:08/2027]]. does the format look right? it keeps failing validation",
      "driver license, lowercase"),
    P("Charge failed again. Card [[CREDIT_CARD:4111 1111 1111 1111]], exp [[DATE_TIME:09/27]], billing zip "
      "[[ZIP_CODE:94110]]. Error code: card_declined (do_not_honor). What does that mean?",
      "credit card + error code distractor"),
    P("请帮我写一封邮件给[[PERSON:王伟]]，告诉他会议改到[[DATE_TIME:周四下午3点]]。"
      "His email is [[EMAIL_ADDRESS:wang.wei@zhixin-tech.cn]].",
      "Chinese + English mixed"),
    P("Can you make this more formal: 'Dear [[PERSON:Khalid Al-Mansouri]], thanks for visiting our "
      "[[GPE:Dubai]] office on [[DATE_TIME:Tuesday]], hope u enjoyed it'",
      "Arabic name, rewrite request"),
    P("اسمي [[PERSON:فاطمة الزهراء]] وأسكن في [[GPE:القاهرة]]. please correct my grammar in this sentence "
      "and tell me what I got wrong",
      "Arabic script"),
    P("omg [[PERSON:Zoë]] just got into [[ORGANIZATION:MIT]] 🎉🎉 help me write a congrats card thats "
      "not too cheesy",
      "casual, emoji, non-ASCII name"),
    P("I need to send €1,200 to my brother's account [[IBAN_CODE:ES91 2100 0418 4502 0005 1332]] — is the "
      "format right? the bank app says invalid. his name is [[PERSON:Javier Ortiz Núñez]].",
      "IBAN, Spanish name"),
    P("""
Write a cover letter. Details:
- me: [[PERSON:Hannah Schultz]], [[PHONE_NUMBER:(312) 555-0187]], [[EMAIL_ADDRESS:hannah.schultz@outlook.com]]
- current role: UX designer at [[ORGANIZATION:Shopify]]
- applying to: [[ORGANIZATION:Figma]], design systems team
- address it to: [[PERSON:Derek Olsen]]
Keep it under 300 words.""",
      "cover letter, multi-line list"),
    P("Is [[DOMAIN_NAME:https://secure-paypa1-login.com/verify]] a legit site? I got an email from "
      "[[EMAIL_ADDRESS:support@secure-paypa1-login.com]] saying my account was locked and I need to log in "
      "within 24 hours.",
      "phishing check, URL"),
    P("Can't SSH into my VPS at [[IP_ADDRESS:198.51.100.23]] anymore, getting 'Connection refused' on port 22. "
      "ufw status shows 22/tcp ALLOW. ideas?",
      "IP + port distractor"),
    P("my router shows WAN IPv6 [[IP_ADDRESS:2001:db8:85a3::8a2e:370:7334]] but ipv6 test sites give me 0/10. "
      "isp is [[ORGANIZATION:Comcast]], modem is an XB7. what do i check?",
      "IPv6"),
    P("My coworker [[PERSON:Lars]] is [[NRP:Swedish]] and I want to invite him to our holiday party. Are there "
      "any [[NRP:Swedish]] customs I should know about so he feels welcome?",
      "NRP nationality"),
    P("I'm [[NRP:Muslim]] and fasting this month. Can you suggest a suhoor meal plan around 1,800 kcal "
      "with at least 90 g protein?",
      "NRP religion, quantities"),
    P("I'm [[NRP:Catholic]] and my fiancé [[PERSON:Ravi]] is [[NRP:Hindu]]; we're getting married in "
      "[[GPE:Goa]] in [[DATE_TIME:October 2025]]. Can you suggest a ceremony outline that respects both "
      "traditions?",
      "NRP religion x2"),
    P("Ship to: [[PERSON:Kevin O'Brien]], [[STREET_ADDRESS:1420 Maple Avenue Apt 4B]], [[GPE:Springfield]], "
      "[[GPE:IL]] [[ZIP_CODE:62704]]. Can you format that as a proper mailing label?",
      "US address"),
    P("Please draft a reply to ticket #77120: the customer wants a callback on [[PHONE_NUMBER:+44 20 7946 0958]] "
      "after [[DATE_TIME:4pm]] about the refund of £34.50.",
      "phone + ticket id/price distractors"),
    P("I'm a nurse at [[ORGANIZATION:St. Mary's Hospital]] and my patient, [[PERSON:Gerald Price]], "
      "[[AGE:81]], keeps pulling out his IV at night. Any non-restraint strategies?",
      "medical, job title"),
    P("The letter from the state says my license [[US_DRIVER_LICENSE:S530-460-78-123-0]] is suspended for an "
      "unpaid ticket from [[DATE_TIME:2022]]. I'm in [[GPE:Florida]]. Can I still drive to work?",
      "legal, FL driver license"),
    P("texas DL [[US_DRIVER_LICENSE:41728390]] — the online renewal says 'record not found'. I moved from "
      "[[GPE:Houston]] to [[GPE:El Paso]]. do i need to update my address first?",
      "driver license, lowercase"),
    P("My NY license number is [[US_DRIVER_LICENSE:721 394 058]] and the insurance portal only accepts 9 digits "
      "with no spaces. Should I enter 721394058?",
      "driver license NY"),
    P("""
this test keeps failing, why?
```python
def test_charge():
    # test card number from the docs
    card = "[[CREDIT_CARD:4242424242424242]]"
    resp = client.charge(card=card, amount_cents=1999, currency="usd")
    assert resp.status_code == 201
```""",
      "code with card number, amount distractor"),
    P("Plan a birthday party for my three kids, ages [[AGE:4]], [[AGE:7]] and [[AGE:10]], budget $300, "
      "about 15 guests.",
      "ages"),
    P("Can you save [[PERSON:Yuki Tanaka]]'s number, [[PHONE_NUMBER:+81 90-1234-5678]], in a vCard format?",
      "possessive, JP phone"),
    P("write an email to [[TITLE:Prof.]] [[PERSON:Agnieszka Nowak]] asking for a 3-day extension on the "
      "assignment due [[DATE_TIME:Friday at 23:59]]. i had covid",
      "email to professor"),
    P("Draft an invoice reminder to [[ORGANIZATION:Brightline Media Ltd]] for INV-2024-0042 (£2,150.00, due "
      "[[DATE_TIME:15 March 2024]]). Payment to [[IBAN_CODE:GB29 NWBK 6016 1331 9268 19]], reference "
      "INV-2024-0042.",
      "invoice, IBAN, invoice id distractor"),
    P("Mon IBAN est [[IBAN_CODE:FR14 2004 1010 0505 0001 3M02 606]] — peux-tu vérifier la clé de contrôle ? "
      "Le virement de 450 € a été refusé.",
      "French, IBAN"),
    P("Is this IBAN valid? [[IBAN_CODE:NL91 ABNA 0417 1643 00]]. I'm paying a deposit to a landlord in "
      "[[GPE:Utrecht]] and want to be sure it's not a scam.",
      "IBAN check"),
    P("Write a reference letter for [[PERSON:Amara Nwosu]], who worked as a pharmacy technician at "
      "[[ORGANIZATION:Walgreens]] from [[DATE_TIME:2019]] to [[DATE_TIME:2023]]. She was reliable and great "
      "with customers.",
      "reference letter"),
    P("Make a calendar entry: appt with [[TITLE:Dr.]] [[PERSON:Chen]] [[DATE_TIME:Thursday 9:15am]] at "
      "[[STREET_ADDRESS:350 Parnassus Ave, Suite 700]], [[GPE:San Francisco]]. Remind me 30 min before.",
      "calendar, address"),
    P("""
I have this list and want to send everyone a reminder, can you write a python loop with smtplib?
recipients = ["[[EMAIL_ADDRESS:m.ortega@fieldnote.org]]", "[[EMAIL_ADDRESS:dana.k@fieldnote.org]]", "[[EMAIL_ADDRESS:ben.ruiz@fieldnote.org]]"]
subject = "Reminder: survey closes soon"
""",
      "code with emails"),
    P("git log shows `Author: [[PERSON:Sven Lindqvist]] <[[EMAIL_ADDRESS:sven.l@fjordlabs.se]]>` on commit "
      "9fceb02 — how do I change the author of just that commit without touching the others?",
      "git, commit hash distractor"),
    P("Hotel booking confirmation for [[PERSON:Élodie Fournier]]: [[ORGANIZATION:Hotel Arts Barcelona]], "
      "check-in [[DATE_TIME:2024-07-19]], 3 nights, €640 total. Can you turn this into a packing list + "
      "rough itinerary?",
      "travel, hotel"),
    P("My car insurance with [[ORGANIZATION:GEICO]] went up to $1,842/yr. I'm [[AGE:23]], live in "
      "[[GPE:Austin]], [[GPE:TX]] [[ZIP_CODE:78704]], no accidents. Is that normal?",
      "insurance"),
    P("Landlord kept my $1,500 deposit. Lease ended [[DATE_TIME:April 30]]. Address was "
      "[[STREET_ADDRESS:88 Columbus Ave, Unit 3]], [[GPE:Boston]], [[GPE:MA]] [[ZIP_CODE:02116]]. Draft a "
      "demand letter citing [[GPE:Massachusetts]] law.",
      "legal letter"),
    P("writing a best man speech for my bro [[PERSON:danny]] and his wife [[PERSON:priya]], they met at "
      "[[ORGANIZATION:uni of leeds]] in [[DATE_TIME:2016]] lol. make it funny but not cringe",
      "casual lowercase"),
    P("Got a text from [[PHONE_NUMBER:+1 (833) 555-0199]] saying my [[ORGANIZATION:Chase]] account is locked "
      "and to visit [[DOMAIN_NAME:chase-verify-alerts.com]]. scam??",
      "scam check, phone + domain"),
    P("""
Please proofread:
"Hi [[PERSON:Megan]], following up on our call on [[DATE_TIME:Tuesday]]. As discussed, the Pro plan is $49/user/month for 25 seats, and v4.2 adds SSO.
Best,
[[PERSON:Rob Kaminski]]
Account Executive, [[ORGANIZATION:Nimbus Analytics]]
[[PHONE_NUMBER:617-555-0143]]"
""",
      "sales email with signature"),
    P("[[PERSON:Maria Gonzalez]], DOB [[DATE_TIME:03/22/1961]], admitted with chest pain. Troponin 0.04 ng/mL, "
      "BP 150/95, HR 102. Can you help me structure a SOAP note?",
      "clinical note, lab values distractors"),
    P("""
fill out this for my kid's school pls:
Student: [[PERSON:Noah Williams]]
Age: [[AGE:8]]
Parent: [[PERSON:Ashley Williams]]
Phone: [[PHONE_NUMBER:404-555-0178]]
Email: [[EMAIL_ADDRESS:ashley.w@bellsouth.net]]
Allergies: peanuts""",
      "form"),
    P("Is my SSN [[US_SSN:532-81-4406]] supposed to appear in full on the 1099 from [[ORGANIZATION:Upwork]]? "
      "The form is a 1099-NEC with $18,240 in box 1.",
      "tax, form numbers distractors"),
    P("My dad [[PERSON:Robert Hayes]] passed away in [[DATE_TIME:November]]. His SSN was [[US_SSN:367-22-5814]]. "
      "How do I notify the [[ORGANIZATION:SSA]] and stop his benefit payments?",
      "SSN, bereavement"),
    P("Why does my Amex [[CREDIT_CARD:3782 822463 10005]] get rejected on a site that accepts Visa? Is it the "
      "15 digits?",
      "Amex card"),
    P("""
Validate this payload, the API returns 422:
{"name": "[[PERSON:Olivia Park]]", "card": "[[CREDIT_CARD:5555555555554444]]", "exp": "[[DATE_TIME:11/26]]", "amount": 129.0, "currency": "EUR"}""",
      "JSON payload with card"),
    P("Does [[CREDIT_CARD:6011 1111 1111 1117]] pass the Luhn check? Show the steps.",
      "Discover card, Luhn"),
    P("Is delivery available to [[ZIP_CODE:30309]]? I'm looking at the RTX 4090 (model 900-1G136-2530-000) "
      "listed for $1,599.",
      "zip + product/model distractors"),
    P("oye, mi amigo [[PERSON:Andrés]] cumple [[AGE:30]] el [[DATE_TIME:sábado]] 🎂 ideas de regalo por "
      "menos de 50€?",
      "Spanish casual"),
    P("Bitte formuliere eine Kündigung für meinen Handyvertrag bei [[ORGANIZATION:Vodafone]], Kundennummer "
      "4471-2291. Name: [[PERSON:Jürgen Weiß]], [[STREET_ADDRESS:Hauptstraße 12]], [[ZIP_CODE:80331]] "
      "[[GPE:München]].",
      "German letter"),
    P("I'm an [[NRP:Indian]] citizen living in [[GPE:Singapore]]; do I need a visa for [[GPE:Japan]] for a "
      "10-day trip in [[DATE_TIME:December]]?",
      "travel visa, NRP"),
    P("my uncle is a hardcore [[NRP:Republican]] and i'm a [[NRP:Democrat]] lol, how do we get through "
      "family dinners without a fight",
      "NRP political, casual"),
    P("Should I whitelist [[IP_ADDRESS:172.16.254.1]] and [[IP_ADDRESS:172.16.254.2]] for the database, or "
      "just allow the whole /24? The app runs Postgres 15.4 on port 5432.",
      "IPs + version/port distractors"),
    P("""
Who is hammering my site? Access log:
[[IP_ADDRESS:66.249.66.1]] - - [[[DATE_TIME:10/Oct/2023:13:55:36 -0700]]] "GET /robots.txt HTTP/1.1" 200 68 "-" "python-requests/2.31.0"
[[IP_ADDRESS:66.249.66.1]] - - [[[DATE_TIME:10/Oct/2023:13:55:38 -0700]]] "GET /sitemap.xml HTTP/1.1" 404 153""",
      "Apache access log"),
    P("""
Can you summarize this email thread?

From: [[PERSON:Sarah Lindgren]] <[[EMAIL_ADDRESS:s.lindgren@kestrelbio.com]]>
Sent: [[DATE_TIME:Wednesday, May 8, 2024 10:12 AM]]
To: [[PERSON:Tom Achebe]]
Subject: reagent order

[[PERSON:Tom]], the quote came in at $14,300 for 40 units (cat. no. KB-2291). Can you approve by [[DATE_TIME:Friday]]?""",
      "pasted email thread"),
    P("""
why doesn't this send?
```js
const transporter = nodemailer.createTransport({
  host: "[[DOMAIN_NAME:smtp.mailgun.org]]",
  port: 587,
  auth: { user: "[[EMAIL_ADDRESS:postmaster@mg.tinyhive.app]]", pass: process.env.SMTP_PASS },
});
```
error: 535 5.7.0 [[ORGANIZATION:Mailgun]] is not loving your login""",
      "code with SMTP config"),
    P("Extract fields as JSON from this resume header:\n[[PERSON:Wei Zhang]] | Machine Learning Engineer | "
      "[[GPE:Seattle]], [[GPE:WA]] | [[PHONE_NUMBER:(206) 555-0111]] | [[EMAIL_ADDRESS:weizhang.ml@gmail.com]] | "
      "[[DOMAIN_NAME:github.com/weizhang-ml]]",
      "resume header"),
    P("Can you review my portfolio site [[DOMAIN_NAME:https://www.annakowalczyk.design]]? I'm [[PERSON:Anna]], "
      "an illustrator and the homepage loads in 4.8 s on mobile which feels slow.",
      "portfolio URL"),
    P("What's the [[ORGANIZATION:Apple]] support number in [[GPE:Canada]]? My iPhone 15 Pro battery drains "
      "20% overnight on iOS 17.4.",
      "org + product/version distractors"),
    P("remind me to call nana [[PERSON:Rosa]] on [[DATE_TIME:Sunday]], she gets upset if I forget 😅",
      "casual reminder"),
    P("My son is [[AGE:14]] years old, 180 cm and 62 kg. Is creatine safe for him?",
      "age + quantities"),
    P("Got an offer from [[ORGANIZATION:Stripe]] as a Staff Engineer in [[GPE:Dublin]]: €185,000 base "
      "+ RSUs. I'm currently a Senior Engineer at [[ORGANIZATION:Intercom]]. How should I negotiate?",
      "job offer"),
    P("Steps to reproduce: sign up with name '[[PERSON:José Álvarez]]' and email "
      "[[EMAIL_ADDRESS:jose.alvarez+test@ejemplo.es]] -> 500 Internal Server Error. Stack: UnicodeEncodeError: "
      "'ascii' codec can't encode character '\\xe9' in position 3",
      "bug report with test user"),
    P("请把这个地址翻译成英文：[[GPE:上海市]][[GPE:浦东新区]][[STREET_ADDRESS:世纪大道100号]]，邮编[[ZIP_CODE:200120]]",
      "Chinese address"),
    P("我的电话是[[PHONE_NUMBER:138 0013 8000]]，名字叫[[PERSON:李娜]]，帮我写个简短的自我介绍，用于求职。",
      "Chinese self-intro"),
    P("just moved to [[GPE:Toronto]] 🇨🇦 from [[GPE:Lagos]]!! any tips for winter? i'm [[AGE:27]] and have "
      "never seen snow ❄️",
      "casual, emoji"),
    P("My [[NRP:Jewish]] in-laws are visiting and I'm cooking dinner on [[DATE_TIME:Friday]] night. What should I "
      "avoid serving if they keep kosher?",
      "NRP religion"),
    P("Car: Honda Civic EX, VIN 2HGFC2F59KH512345. The dealership [[ORGANIZATION:Sunrise Honda]] charged $689 "
      "for front brake pads. Is that a rip-off?",
      "org + VIN distractor"),
    P("Set up a meeting invite: [[DATE_TIME:March 3, 2024]] from [[DATE_TIME:14:30]] to [[DATE_TIME:15:15]], attendees "
      "[[EMAIL_ADDRESS:k.berg@vantor.no]], [[EMAIL_ADDRESS:ingrid.solheim@vantor.no]]. Topic: migrating to "
      "Kafka 3.6.",
      "meeting invite, eponym product"),
    P("Help me write a police statement: on [[DATE_TIME:Saturday]] around [[DATE_TIME:11:40 pm]] a man grabbed my "
      "bag outside [[STREET_ADDRESS:1500 Market Street]], [[GPE:Philadelphia]]. My phone "
      "([[PHONE_NUMBER:267-555-0164]]) was in it.",
      "police statement"),
    P("can u chek my email to [[TITLE:mrs]] [[PERSON:patel]] its about my sons grades in math, he got 62/100 "
      "thx",
      "typos, lowercase title"),
    P("ban user [[PERSON:Kyle Brennan]] ([[EMAIL_ADDRESS:kbren99@yahoo.com]], IP [[IP_ADDRESS:24.17.201.88]]) — "
      "write a short mod note explaining why (spam, 14 links in 2 min)",
      "moderation note"),
    P("is it normal for a [[AGE:2]]-year-old to not talk much yet? she says maybe 10 words",
      "age only"),
    P("[[PERSON:Mariana]] y yo nos casamos el [[DATE_TIME:12 de octubre]] en [[GPE:Oaxaca]] 💍 ¿me ayudas con "
      "el texto de la invitación?",
      "Spanish, emoji"),
    P("Peux-tu corriger ce mail ? « Bonjour [[TITLE:Madame]] [[PERSON:Lefèvre]], je vous confirme notre "
      "rendez-vous du [[DATE_TIME:jeudi 14 mars]] à [[DATE_TIME:10h]]. Cordialement, [[PERSON:Camille Roux]] »",
      "French email"),
    P("""
write pandas code to dedupe this by email, keep the first row:
id,name,email,phone,city
1042,[[PERSON:Fatima Rahman]],[[EMAIL_ADDRESS:f.rahman@proton.me]],[[PHONE_NUMBER:+44 7700 900123]],[[GPE:Leeds]]
1043,[[PERSON:Owen Price]],[[EMAIL_ADDRESS:owenp@btinternet.com]],[[PHONE_NUMBER:+44 7700 900456]],[[GPE:Cardiff]]
1044,[[PERSON:Fatima Rahman]],[[EMAIL_ADDRESS:f.rahman@proton.me]],,[[GPE:Leeds]]""",
      "CSV rows"),
    P("I'm a paralegal at [[ORGANIZATION:Morgan & Finch]]. Our client [[PERSON:Denise Carter]] was "
      "rear-ended on [[DATE_TIME:February 9]] near [[GPE:Richmond]]. What's the statute of limitations for "
      "personal injury in [[GPE:Virginia]]?",
      "legal, paralegal"),
    P("Draft a memo from our CFO, [[PERSON:Linda Yoshida]], announcing a hiring freeze. Spend was "
      "$2.4M vs $1.9M planned and we need to cut 15%.",
      "memo, money distractors"),
    P("Train from [[GPE:Paris]] to [[GPE:Amsterdam]] on [[DATE_TIME:Friday]] with [[ORGANIZATION:Eurostar]], "
      "coach 12 seat 61. How early should I get to the station?",
      "train travel, seat numbers"),
    P("throwaway bc my boss [[PERSON:Greg]] reads this sub. he's been making me work unpaid overtime "
      "(~10 hrs/week) at [[ORGANIZATION:Dunmore Paper Co]]. is this legal in [[GPE:Ohio]]?",
      "reddit-style"),
    P("Expense report line: ride from [[STREET_ADDRESS:500 Terry Francois Blvd]] to the airport, $43.17 incl "
      "tip, [[DATE_TIME:Sep 12]]. Write a one-line justification.",
      "expense report"),
    P("Confirm this text: 'Hi [[PERSON:Aiyana]], this is [[ORGANIZATION:Bright Smile Dental]] reminding you of "
      "your cleaning on [[DATE_TIME:Mon 6/17 at 8:00 AM]]. Reply C to confirm or call "
      "[[PHONE_NUMBER:505-555-0190]].'",
      "SMS template"),
    P("Passport renewal form, check it for mistakes: Name [[PERSON:Christopher Lee Dunn]], DOB "
      "[[DATE_TIME:1979-06-02]], SSN [[US_SSN:601-38-7725]], driver's license [[US_DRIVER_LICENSE:B7391046]], "
      "place of birth [[GPE:Sacramento]], [[GPE:CA]].",
      "gov form, multiple ids"),
    P("set up DNS for [[DOMAIN_NAME:mybakery-lisboa.pt]]: A record to [[IP_ADDRESS:185.199.108.153]], TTL 3600, "
      "plus a CNAME for www. how long until it propagates?",
      "DNS config"),
    P("""
what's this in my syslog?
kernel: [ 1432.118204] IPv6: ADDRCONF(NETDEV_CHANGE): wlp2s0: link becomes ready
dhclient[2211]: bound to [[IP_ADDRESS:192.0.2.44]] -- renewal in 43200 seconds.
avahi-daemon[788]: Registering new address record for [[IP_ADDRESS:fe80::1c2a:9bff:fe4d:7e21]] on wlp2s0.*.""",
      "syslog with IPv4/IPv6; kernel timestamp is uptime, not a date"),
    P("Shorten my speaker bio to 50 words: '[[TITLE:Dr.]] [[PERSON:Amelia Hart]] is a cardiologist at "
      "[[ORGANIZATION:Mayo Clinic]] in [[GPE:Rochester]], [[GPE:Minnesota]], where she has led over 1,200 "
      "catheter ablation procedures and co-authored 40 papers on atrial fibrillation.'",
      "bio, numbers distractors"),
    P("My roommate [[PERSON:Grace]] wants to know if the 15-day grace period applies to her phone bill of "
      "$64.20 or only to credit cards.",
      "name vs ordinary word 'grace'"),
    P("Tell [[PERSON:Will]] the build will be ready once v3.0.2 passes QA, and ask [[PERSON:Mark]] to mark "
      "ticket #5512 as done. Keep it short, it's for the team chat.",
      "names vs ordinary words 'will'/'mark'"),
    P("hi, [[PERSON:Bill]] from accounting asked me to resend invoice INV-8830 to "
      "[[EMAIL_ADDRESS:bill.turner@harwoodsupply.com]] — can you write a 2-line note to go with it?",
      "name 'Bill' + invoice id"),
]

# ---------------------------------------------------------------------------
# Prompts with NO PII, built around hard negatives a naive detector flags.
# They deliberately avoid dates/times, places, companies, job titles and
# nationalities/languages so that "no span" is unambiguous.
# ---------------------------------------------------------------------------
NEGATIVE = [
    P("What's the difference between Python 3.11 and 3.12 in terms of performance? Is the upgrade worth it "
      "for a Django 4.2 app?",
      "neg: versions, eponym framework"),
    P("My order #48213 shows 'delivered' but nothing arrived. The total was $19.99 plus $4.50 shipping. What "
      "should I say to support?",
      "neg: order id, prices"),
    P("Explain Bayes' theorem with a simple example: a test that is 99% accurate for a disease with 1% "
      "prevalence.",
      "neg: eponym"),
    P("Why does my Gaussian blur look blocky on a 2048x2048 image? I'm using a 5x5 kernel with sigma 1.5.",
      "neg: eponym, dimensions"),
    P("""
npm ERR! code ERESOLVE
npm ERR! ERESOLVE unable to resolve dependency tree
npm ERR! Found: react@18.2.0
npm ERR! Could not resolve dependency: peer react@"^17.0.2" from react-beautiful-dnd@13.1.1
what's the cleanest fix?""",
      "neg: error log, versions"),
    P("I get HTTP 403 when calling the endpoint from the browser but 200 with curl. The request goes to "
      "localhost:8080/api/v2/items?page=3&limit=50. CORS?",
      "neg: status codes, localhost, port"),
    P("Will this work if I mark the column as nullable? ALTER TABLE invoices ALTER COLUMN paid_at DROP NOT NULL;",
      "neg: 'Will', 'mark', SQL"),
    P("How long is the grace period on a credit card bill if I only pay the minimum of $35?",
      "neg: 'grace', 'bill'"),
    P("May I ask how to convert 2.5 kg to pounds and 180 cm to feet and inches?",
      "neg: 'May', units"),
    P("INV-2024-0042 was paid twice by mistake (€1,200 each). Can you write a short refund request template?",
      "neg: invoice id containing a year, price"),
    P("sha256 of my download is e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 but the "
      "published checksum is different. Does that mean the file is corrupted?",
      "neg: hash"),
    P("What does error 0x80070005 mean when installing Windows updates on build 10.0.19045.3693?",
      "neg: hex error code, IP-like build number"),
    P("Postgres complains: invalid input syntax for type uuid: \"3f2504e0-4f89-11d3-9a0c-0305e82c330\". "
      "What's wrong with it?",
      "neg: UUID"),
    P("Is an RTX 4090 overkill for fine-tuning a 7B model with LoRA at batch size 8? I have 64 GB RAM.",
      "neg: product, sizes"),
    P("iPhone 15 won't update to iOS 17.4, says 'Unable to Verify Update'. Storage has 23.6 GB free.",
      "neg: product, version"),
    P("Dijkstra vs A* — when is A* strictly better? my graph has ~40,000 nodes and 120k edges.",
      "neg: eponym algorithm"),
    P("Solve for x: 3x + 7 = 22, then compute 17% of 2,340.",
      "neg: math"),
    P("Can you write a Jenkins pipeline that runs pytest with 4 workers and fails if coverage is below 85%?",
      "neg: tool named like a person"),
    P("In Ruby, what's the difference between proc and lambda? And does Julia have something similar?",
      "neg: languages named like people"),
    P("bill splitting question: 4 people, total $187.40, 18% tip, one person only had a $12 salad. how much "
      "does each owe?",
      "neg: 'bill', math, prices"),
    P("The container exits with code 137 right after start. Memory limit is 512m, the JVM is set to -Xmx1g. "
      "Is that the OOM killer?",
      "neg: exit code, memory sizes"),
    P("What is a Markov chain, and how is it related to the PageRank algorithm?",
      "neg: eponyms"),
    P("""
Ticket #9921: export button produces a CSV with 0 rows when the filter text is longer than 255 characters.
Steps to reproduce:
1) open /reports/weekly
2) paste a 300-char filter
3) click Export
Expected: 12 rows. Actual: 0 rows, console shows TypeError: Cannot read properties of undefined (reading 'map')""",
      "neg: bug report, ticket id, path"),
    P("""
Why is my cache never hit?
```yaml
server:
  host: localhost
  port: 8080
  workers: 4
cache:
  ttl_seconds: 3600
  max_entries: 10000
```""",
      "neg: config, localhost"),
    P("The Fourier transform of a Gaussian is a Gaussian — can you prove it quickly?",
      "neg: eponyms"),
    P("How do I mark all emails as read at once in the Mail app on iOS 17?",
      "neg: 'mark', product version"),
    P("What's the Levenshtein distance between 'kitten' and 'sitting', and how is it computed?",
      "neg: eponym"),
    P("My electricity bill went from €84 to €212 for 430 kWh. Is that a normal rate per kWh?",
      "neg: 'bill', prices, units"),
    P("The part number on my old filter is 555-0199-A but the store lists 555-0199-B. Are they interchangeable "
      "for a 12 V pump?",
      "neg: phone-like part numbers"),
    P("tracking number 1Z999AA10123456784 has said 'label created' for 5 days. is that normal or is it lost?",
      "neg: tracking number (card-like digits)"),
    P("What's a good name for a cat? She's orange, 3.2 kg and very loud 🐱",
      "neg: casual, emoji, weight"),
    P("I'm at 72% battery health after 800 cycles; is replacing the battery worth $129?",
      "neg: percentages, price"),
    P("Rewrite this to sound more professional: 'we will fix the bug asap, pls be patient, patch v1.4.2 is "
      "coming'",
      "neg: 'will', version"),
    P("Why does pip say `Requires-Python >=3.8,<3.13` when I'm on 3.13.0? Can I force install?",
      "neg: version constraints"),
    P("If a loan of $25,000 has 6.9% APR over 60 months, what's the monthly payment? Show the formula.",
      "neg: finance math"),
    P("Pod stuck in CrashLoopBackOff, restarts: 14. Readiness probe on :9090/healthz fails with 503. Where "
      "do I start?",
      "neg: k8s, port, status code"),
    P("ffmpeg command to convert 4K 60fps footage to 1080p 30fps H.264 at about 8 Mbps?",
      "neg: video specs"),
    P("Explain the Pythagorean theorem to a kid using a 3-4-5 triangle.",
      "neg: eponym, numbers"),
    P("What's the Turing test and has any chatbot actually passed it?",
      "neg: eponym"),
    P("""
```python
def will_overflow(x: int) -> bool:
    return x > 2**31 - 1
```
why does this return True for 2147483648 but my C version crashes?""",
      "neg: code, identifier 'will'"),
    P("How do I revert commit 9fceb02d0ae598e95dc970b74767f19372d61af8 without losing the 6 commits after it?",
      "neg: commit hash"),
    P("Is HTTP 418 a real status code? Should my API ever return it?",
      "neg: status code"),
    P("What's the recommended vitamin D dose for adults, 1000 IU or 4000 IU? I've seen both.",
      "neg: medical, dosage"),
    P("Is a resting heart rate of 48 bpm normal if I run 30 km a week?",
      "neg: medical, units"),
    P("What's a fair notice period for a mid-level role, 2 weeks or 4 weeks? And is 25 days of PTO competitive?",
      "neg: HR, durations"),
    P("If a contract says 'net 30' and invoice INV-7731 is 45 days overdue, can we charge 1.5% monthly interest?",
      "neg: legal, invoice id"),
    P("My sourdough starter doubles in 6 hours at 24°C. Should I feed it 1:1:1 or 1:5:5?",
      "neg: ratios, temperature (1:5:5 looks like a time)"),
    P("Compute the determinant of [[2, 1], [5, 3]] and its inverse.",
      "neg: math, nested brackets"),
    P("A 500 mAh battery at 3.7 V — how many Wh is that? And how long will it last at 120 mA?",
      "neg: units"),
    P("Why does `chmod 755 /usr/local/bin/deploy.sh` still give 'Permission denied' when I run it?",
      "neg: file path, octal mode"),
    P("regex to match order ids like ORD-55821 or ORD-1002 but not ORD-12?",
      "neg: order ids"),
    P("Why does Adam with lr=3e-4 and beta2=0.999 diverge after ~12k steps when I train in fp16?",
      "neg: hyperparameters"),
    P("What's the difference between 'may' and 'might'? Give 3 example sentences.",
      "neg: 'may'"),
    P("lol my code works and i have no idea why 😂 is that normal",
      "neg: casual, emoji"),
    P("""
Can you review this nginx config?
upstream app { server localhost:3000; }
server {
    listen 443 ssl;
    client_max_body_size 25M;
    location / { proxy_pass http://app; }
}""",
      "neg: config, localhost, port"),
    P("The Mark II version of the sensor reads 0.5 °C higher than the Mark I. Should I apply an offset in "
      "firmware?",
      "neg: 'Mark' as model name"),
    P("unit test fails: expected 19.99 but got 19.990000000000002. How do I compare floats in Jest?",
      "neg: floats, tool name"),
    P("Convert #FF5733 to RGB and give me its complementary color.",
      "neg: hex color"),
    P("Why is my VLOOKUP returning #N/A for SKU 00482 when it's clearly in the table?",
      "neg: zip-like SKU"),
    P("Bill me monthly or annually — which is cheaper if annual is $199 and monthly is $19.99?",
      "neg: 'Bill', prices"),
    P("Use Newton's method to find sqrt(2) to 6 decimal places, starting from x0 = 1.",
      "neg: eponym, math"),
    P("When should I use a Poisson vs a negative binomial model for count data whose variance is 3x the mean?",
      "neg: eponym, stats"),
    P("How do I tune a Kalman filter for a 6-DoF IMU sampled at 200 Hz? The yaw drifts about 2 degrees per "
      "minute.",
      "neg: eponym, units"),
    P("What are the early signs of Parkinson's versus essential tremor?",
      "neg: eponymous disease"),
    P("Is Hashimoto's linked to low vitamin D? My TSH is 5.8 mIU/L and free T4 is 0.9 ng/dL.",
      "neg: eponymous disease, lab values"),
    P("Is 400 mg of ibuprofen every 6 hours safe alongside 500 mg paracetamol?",
      "neg: dosage"),
    P("In Kafka, what happens to consumer offsets when I increase a topic from 6 to 12 partitions?",
      "neg: eponym product"),
    P("""
Traceback (most recent call last):
  File "/app/src/worker/tasks.py", line 88, in run
    result = handler(payload)
  File "/app/src/worker/handlers.py", line 214, in handler
    return payload["items"][0]["qty"] * 1.2
KeyError: 'items'
how do I make this robust?""",
      "neg: traceback, file paths, line numbers"),
    P("Can you explain what a UUID v4 like 9b2d6f0e-7c1a-4e3b-8f5d-2a6c1e0b4d77 guarantees about uniqueness?",
      "neg: UUID"),
    P("my monitor is 2560x1440 at 165 Hz on DisplayPort 1.4 but windows only offers 60 Hz, cable issue?",
      "neg: resolution, versions"),
    P("The router admin page won't load after the 3.0.8 firmware update, and the reset button needs 30 s. "
      "Any tips?",
      "neg: firmware version"),
]


def build(text: str) -> tuple[str, list[dict]]:
    """Strip ``[[TYPE:value]]`` markup; return clean text and gold spans."""
    out: list[str] = []
    spans: list[dict] = []
    pos = 0  # position in the marked-up source
    length = 0  # length of the clean text built so far
    for m in MARKUP.finditer(text):
        chunk = text[pos : m.start()]
        out.append(chunk)
        length += len(chunk)
        label, value = m.group(1), m.group(2)
        assert value and value == value.strip(), f"empty/padded span value {value!r}"
        spans.append({"start": length, "end": length + len(value), "label": label, "_value": value})
        out.append(value)
        length += len(value)
        pos = m.end()
    out.append(text[pos:])
    clean = "".join(out)
    assert not LEFTOVER.search(clean), f"unconsumed markup in: {clean!r}"
    for s in spans:
        assert s["label"] in TYPES
        assert clean[s["start"] : s["end"]] == s["_value"], (s, clean)
    spans.sort(key=lambda s: (s["start"], s["end"]))
    for a, b in zip(spans, spans[1:]):
        assert a["end"] <= b["start"], f"overlapping spans {a} {b}"
    for s in spans:
        del s["_value"]
    return clean, spans


def main() -> None:
    rows = []
    seen = set()
    for i, (marked, note) in enumerate(POSITIVE + NEGATIVE, start=1):
        text, spans = build(marked)
        assert text not in seen, f"duplicate prompt: {text[:60]!r}"
        seen.add(text)
        is_neg = i > len(POSITIVE)
        assert bool(spans) != is_neg, f"prompt {i}: PII presence does not match its section"
        rows.append({"id": f"chat-{i:03d}", "text": text, "spans": spans, "note": note})

    # Re-check the written records independently of build().
    per_type = Counter(s["label"] for r in rows for s in r["spans"])
    for t in TYPES:
        assert per_type[t] >= 3, f"type {t} appears only {per_type[t]} times"

    out = Path(__file__).with_name("pii_chat_check.jsonl")
    with out.open("w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")

    n_neg = sum(1 for r in rows if not r["spans"])
    print(f"wrote {out}")
    print(f"prompts: {len(rows)}  with PII: {len(rows) - n_neg}  no PII: {n_neg} "
          f"({100 * n_neg / len(rows):.1f}%)  spans: {sum(per_type.values())}")
    for t in TYPES:
        print(f"  {t:18s} {per_type[t]}")


if __name__ == "__main__":
    main()
