"""Seeded generator of labelled synthetic PII sentences in chat / request style (our own templates).

Rows follow the PII row contract of :mod:`routerkit.data.pii` (``source`` ``"synthetic"``, ids
``synth-<seed>-<i>``). Sentences are built by concatenating template literals and generated values
while recording offsets, so every span's text is exactly ``text[start:end]``.

Shares (``generate_pii_rows``): ``NEGATIVE_SHARE`` (35 %) of the rows come from negative templates
and hold no entity at all; their distractors (version numbers, prices, order / ticket ids, hashes,
UUIDs, HTTP codes, maths, quantities, file paths, identifiers, product names, ISBNs, error codes,
language names, role-play roles, eponyms such as "Bayes' theorem", and names used as ordinary
words: "Will", "May", "Bill", "Grace", "Frank" ...) must stay O. Some positive templates (16 of
233) carry distractors next to real entities. 36 positive templates (and 24 negative ones) are requests written in
German, Spanish, Chinese, Hindi, French or Portuguese, or name Chinese, Indian, Spanish or German people
and places in their own script and date formats (:mod:`routerkit.data.pii_synth_languages`, which also
holds the non-English requests without PII and the look-alikes of versions, dotted file names, job
titles, log lines and arithmetic). For each positive row a "focus" entity type is drawn with
``FOCUS_WEIGHTS`` and a template holding that type is drawn uniformly, so all 17 types are covered.

The spans are written as below (close to ``presidio_research/synth_dataset_v2.json``); training then
rewrites them, like every other training row, by the configured annotation conventions
(:mod:`routerkit.data.pii_conventions`: by default an address is split into its street line, GPE and
ZIP_CODE, a job title is ``O``, a date-time phrase is one span), so the generated rows follow them:

- AGE: the number only (``34`` in "34 years old", "a 34-year-old", "34 y/o").
- DATE_TIME: explicit dates, years, months, weekdays, clock times and timestamps, each one span
  ("2024-03-14 15:25:53", "March 14, 2024", "1998", "Saturday" in "on Saturday morning", "3:30 pm");
  log timestamps are DATE_TIME too. Vague relative words ("tomorrow", "next week", "last month")
  and durations ("350ms", "3 hours") are O; in "next Tuesday" only "Tuesday" is labelled.
- TITLE: honorifics ("Mr.", "Dr.", with their dot) and job titles ("nurse", "Head of Marketing")
  of a person; the PERSON span after an honorific excludes it. Role-play roles given to the
  assistant ("act as a travel guide") are O.
- PERSON: first, last or full names; possessive "'s" excluded.
- NRP: nationality adjectives / plural demonyms, religions, political affiliations as single words
  ("Swedish food", "we are proud Brazilians"). Language names ("translate into French") are O.
- GPE: countries, cities, states (also abbreviations such as "CO").
- STREET_ADDRESS: a full address written in one run is ONE span, city / state / zip / country
  included (Presidio's ``{{address}}``); a street line followed by a separately mentioned city or
  zip gives STREET_ADDRESS + GPE / ZIP_CODE. We never emit Presidio's split building-number /
  street-name pairs.
- DOMAIN_NAME: the whole URL as written (``https://www.example.com/``) or a bare domain.
- EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, IBAN_CODE, IP_ADDRESS, US_SSN, US_DRIVER_LICENSE,
  ZIP_CODE, ORGANIZATION: the value as written, separators included.
"""

from __future__ import annotations

import datetime as _dt
import logging
import random
import re
import unicodedata
import zlib
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from routerkit.data.pii import PII_ENTITY_TYPES
from routerkit.data.pii_synth_languages import JOB_TITLE_TEMPLATES, LANGUAGE_NEGATIVE_TEMPLATES, LANGUAGE_POSITIVE_TEMPLATES
from routerkit.data.splits import normalize_text

logger = logging.getLogger(__name__)

NEGATIVE_SHARE = 0.35
LOWER_CASE_RATIO = 0.08
UPPER_CASE_RATIO = 0.02
FOCUS_WEIGHTS: dict[str, float] = {
    **{t: 1.0 for t in PII_ENTITY_TYPES},
    "PERSON": 2.0,
    "DATE_TIME": 1.5,
    "STREET_ADDRESS": 1.3,
    "GPE": 1.3,
    "ORGANIZATION": 1.2,
    "PHONE_NUMBER": 1.2,
    "EMAIL_ADDRESS": 1.2,
}

Piece = tuple[str, "str | None"]

# --------------------------------------------------------------------------- templates
# {{SLOT}} marks a generated value; everything else is literal. Entity slots: see _ENTITY_SLOTS;
# distractor slots (label O): see _DISTRACTOR_SLOTS.

POSITIVE_TEMPLATES: tuple[str, ...] = (
    # --- emails, letters, messages
    "Can you draft an email to {{NAME}} at {{EMAIL}} asking if the meeting can move to {{WEEKDAY}}?",
    "Write a polite follow-up to {{FIRST}} ({{EMAIL}}) about the invoice I sent on {{DATE}}.",
    "Please write a cover letter for me. My name is {{NAME}}, I'm a {{JOB}} at {{ORG}} and you can reach me at {{PHONE}}.",
    "Draft a thank-you note to {{HON}} {{LAST}} for the interview yesterday.",
    "help me reply to this: \"Hi {{FIRST}}, can you send me your address so we can ship the contract?\" my address is {{ADDRESS}}",
    "Rewrite this more formally: hey {{FIRST}}, pls call me back on {{PHONE}} asap",
    "Compose a short message to my landlord {{NAME}} saying the rent for {{MONTHYEAR}} will be late.",
    "Translate this into German: 'Dear {{NAME}}, your appointment is confirmed for {{DATE}} at {{TIME}}.'",
    "Summarize this email thread between {{NAME}} and {{NAME}} and list the action items.",
    "Make this sound friendlier: {{FIRST}}, you still owe me for the concert tickets.",
    "Write a LinkedIn recommendation for {{NAME}}, who worked with me as a {{JOB}} at {{ORG}} from {{YEAR}} to {{YEAR}}.",
    "Can you proofread my email signature?\n\n{{NAME}}\n{{JOB}}\n{{ORG}}\n{{PHONE}} | {{EMAIL}}",
    "Write an out-of-office reply: I'm away until {{DATE}}, urgent matters go to {{NAME}} ({{EMAIL}}).",
    "draft a birthday message for my grandma {{FIRST}}, she turns {{AGE}} on {{WEEKDAY}} 🎂",
    "Write a resignation letter addressed to {{HON}} {{NAME}}. My last day will be {{DATE}}.",
    "Write a short apology to {{FIRST}} for missing her call on {{WEEKDAY}}.",
    "I need a formal complaint letter to {{ORG}} about order {{TICKET}}. Sign it {{NAME}}, {{ADDRESS}}.",
    "Please turn these notes into an email to {{EMAIL}}: contract signed, kickoff on {{DATE}}, budget {{PRICE}}.",
    "Reply to {{FIRST}} and say yes to dinner on {{WEEKDAY}} at {{TIME}} 😊",
    "Write a condolence card for the family of {{NAME}}, who passed away on {{DATE}}.",
    # --- banking, cards, support tickets
    "my card {{CARD}} got declined at the grocery store, what should I do?",
    "Hi, I need to dispute a transaction on {{CARD}} from {{DATE}}. The merchant was {{ORG}}.",
    "Please update the billing address on my account to {{ADDRESS}}.",
    "Transfer the deposit to IBAN {{IBAN}}, reference: rent {{MONTHYEAR}}.",
    "Is {{IBAN}} a valid IBAN? My bank says the transfer bounced.",
    "The beneficiary is {{NAME}}, IBAN {{IBAN}}, bank {{ORG}}. Is anything missing for a SEPA transfer?",
    "My SSN is {{SSN}} and the form keeps rejecting it, is the format wrong?",
    "Can you fill in this form for me? Name: {{NAME}}, SSN: {{SSN}}, address: {{ADDRESS}}",
    "I lost my wallet with my driver's license ({{DL}}) and my credit card {{CARD}}. Who do I call first?",
    "My {{STATE}} driver license number is {{DL}}, does it expire on {{DATE}}?",
    "Renewing my license online: DL# {{DL}}, DOB {{DOB}}. The site says no record found.",
    "Ticket {{TICKET}}: customer {{NAME}} reports that card {{CARD}} was charged {{PRICE}} twice. Draft a reply.",
    "Support request from {{EMAIL}}: can't log in since {{DATE}}, last known IP {{IP}}. Summarize it for the on-call engineer.",
    "Please call me back at {{PHONE}}, I'm available after {{TIME}}.",
    "Customer: {{NAME}}\nPhone: {{PHONE}}\nIssue: router keeps rebooting\nOrder: {{TICKET}}\n\nWrite a short case summary.",
    "The courier couldn't find {{ADDRESS}}. Can you help me write directions for him?",
    "Cancel my subscription please. Account email {{EMAIL}}, phone {{PHONE}}.",
    "I want to change the phone number on file from {{PHONE}} to {{PHONE}}.",
    "why was my payment of {{PRICE}} with card {{CARD}} refused?? it worked on {{WEEKDAY}}",
    "Is {{CARD}} a Visa or a Mastercard number?",
    "please save my card {{CARD}} for next time",
    "Charge {{PRICE}} to {{CARD}} and email the receipt to {{EMAIL}}.",
    "Send {{PRICE}} to {{NAME}} by bank transfer, IBAN: {{IBAN}}.",
    "The wire to {{IBAN}} ({{NAME}}) on {{DATE}} hasn't arrived, can you draft a complaint to my bank?",
    "Refund order {{TICKET}} ({{PRICE}}) for {{NAME}}, email {{EMAIL}}.",
    "I got a letter from {{ORG}} saying I owe {{PRICE}}. Their number is {{PHONE}}. Real or scam?",
    # --- forms and structured data
    "Name: {{NAME}}\nDate of birth: {{DOB}}\nAddress: {{ADDRESS}}\nPhone: {{PHONE}}\n\nCan you format this as JSON?",
    "Convert this to a CSV row: {{NAME}}, {{EMAIL}}, {{PHONE}}, {{CITY}}",
    "Patient: {{NAME}}, {{AGE}} y/o, admitted {{DATE}}. Summarize the discharge notes below.",
    "First name: {{FIRST}}\nLast name: {{LAST}}\nZIP: {{ZIP}}\nEmail: {{EMAIL}}\n\nwhy does the form say the zip is invalid?",
    "Fill out the rental application: applicant {{NAME}}, age {{AGE}}, currently living at {{ADDRESS}}, employer {{ORG}}.",
    "Is this emergency contact section ok? Emergency contact: {{NAME}} ({{PHONE}})",
    "{{JOB}}: {{NAME}}\nOffice: {{STREET}}, {{CITY}} {{ZIP}}\nTel. {{PHONE}}\n\nmake this look nicer",
    "Write a Python dict for this contact: name={{NAME}}, phone={{PHONE}}, city={{CITY}}",
    "{\"name\": \"{{NAME}}\", \"email\": \"{{EMAIL}}\", \"age\": {{AGE}}} -- why does json.loads fail on this?",
    "Mask the PII in this record: {{NAME}}, SSN {{SSN}}, DOB {{DOB}}",
    "Please find attached my CV. {{NAME}} | {{CITY}}, {{COUNTRY}} | {{URL}}",
    "Format this as a mailing label:\n{{NAME}}\n{{ADDRESS_ML}}",
    "Is this address complete?\n{{ADDRESS_ML}}",
    "Age: {{AGE}}\nHeight: 180 cm\nWeight: 75 kg\nMake me a 4-week workout plan.",
    "Rank these candidates for the {{JOB}} role: {{NAME}}, {{NAME}} and {{NAME}}.",
    "Shipping label: {{ORG}}, attn. {{NAME}}, {{ADDRESS}}. Is the format right for an international parcel?",
    # --- code, logs, networking
    "Why does this log line keep showing up? `{{DATETIME}} WARN sshd: Failed password for root from {{IPV4}} port 52144`",
    "I'm getting connection refused when I ssh into {{IPV4}}, any ideas?",
    "Write an nginx rule that blocks {{IPV4}} and {{IPV4}}.",
    "My server at {{IPV6}} isn't reachable over IPv6, how do I debug it?",
    "Here's the error: ERROR [auth] user={{EMAIL}} ip={{IP}} msg=\"invalid token\". What does it mean?",
    "Explain this iptables line: -A INPUT -s {{IPV4}} -j DROP",
    "python: how do I check with a regex that '{{EMAIL}}' is a valid email address?",
    "Fix this SQL: SELECT * FROM users WHERE email = '{{EMAIL}}' AND created_at > '{{ISODATE}}'",
    "My docker container can't reach the db at {{IPV4}}:5432, the log says timeout after {{DURATION}}.",
    "```\n{{DATETIME}} INFO login ok user={{FIRST}} from {{IPV4}}\n{{DATETIME}} INFO login ok user={{FIRST}} from {{IPV4}}\n```\nis this suspicious?",
    "Write a unit test for parse_contact('{{NAME}} <{{EMAIL}}>')",
    "the config has `admin_email: {{EMAIL}}` and `allowed_ip: {{IPV4}}`, is that valid yaml?",
    "git log shows commits from {{NAME}} <{{EMAIL}}> that I don't recognize. How do I find out who pushed them?",
    "Our firewall flagged traffic from {{IPV4}} to {{IPV4}} on port 443. What could it be?",
    "How do I allow {{IP}} in my security group without opening everything?",
    "ping {{IPV4}} returns 'Destination host unreachable'",
    "Assign the static IP {{IPV4}} to my printer, gateway {{IPV4}}. Which settings do I change?",
    "Log: {{DATETIME}} user {{EMAIL}} changed password from {{IP}}. Write an alert email for the security team.",
    "{{NAME}} reported bug {{TICKET}}: the app crashes on {{PRODUCT}} after upgrading to {{VERSION}}. Write a reply.",
    "Commit {{HASH}} by {{NAME}} broke the build. Draft a polite message to them.",
    "curl -H 'X-Forwarded-For: {{IPV4}}' returns {{STATUS}} but from {{IPV6}} it works. Why?",
    # --- people and relationships
    "My coworker {{FIRST}} keeps taking credit for my work. How should I bring it up with our manager {{NAME}}?",
    "What gift should I get for {{FIRST}}? she's {{AGE}} and loves hiking.",
    "My son is {{KIDAGE}} years old, is it normal that he still wakes up at night?",
    "I'm a {{AGE}}-year-old {{JOB}} thinking about switching careers. Any advice?",
    "My mom {{NAME}} was born on {{DOB}} in {{CITY}}. Help me write her obituary.",
    "Plan a surprise party for {{FIRST}} on {{DATE}} at {{ADDRESS}}.",
    "I met {{NAME}} at the conference in {{CITY}}, how do I follow up without being awkward?",
    "My daughter turns {{KIDAGE}} next month, suggest a themed cake",
    "Write a toast for my sister {{FIRST}}'s wedding to {{NAME}}.",
    "{{HON}} {{LAST}} told me to take the pills twice a day, is that normal for a {{AGE}} year old?",
    "Write a bedtime story for my kids {{FIRST}} and {{FIRST}}, they're {{KIDAGE}} and {{KIDAGE}}.",
    "My partner {{FIRST}} is {{NRP}}. What are traditional {{NRP}} wedding customs?",
    "We met at {{ORG}} in {{YEAR}}. Write a short anniversary poem for {{FIRST}} ❤️",
    "Will {{FIRST}} be able to join us on {{WEEKDAY}}? Write a quick text to ask her.",
    "May I forward this thread to {{NAME}}? Write a short note to ask permission.",
    "Mark {{NAME}} as absent on {{DATE}} and write a note to HR.",
    "How do I tell {{FIRST}} that I can't lend him money again?",
    "My grandfather {{NAME}} emigrated from {{COUNTRY}} in {{YEAR}}. How can I find his immigration records?",
    "Hey, it's {{FIRST}} again 😊 did you finish the essay outline?",
    "User: my name is {{NAME}} and I live in {{CITY}}\nAssistant: Nice to meet you!\nUser: what's the weather like here this weekend?",
    "Remember that my email is {{EMAIL}} and my phone is {{PHONE}}.",
    "From now on, call me {{FIRST}}.",
    "My username is my email, {{EMAIL}}, and I forgot my password. What now?",
    "yo can u text {{FIRST}} at {{PHONE}} and tell her im running late",
    "remind me to call {{FIRST}} tmrw at {{TIME}}",
    "whats a good nickname for {{FIRST}}",
    "pls add {{NAME}} to my contacts, number {{PHONE}}, email {{EMAIL}}",
    "ok so {{FIRST}} just texted me from {{PHONE}} asking for money, is that a scam??",
    # --- travel and places
    "I'm flying from {{CITY}} to {{CITY}} on {{DATE}}, what should I pack?",
    "Plan a 5-day itinerary in {{COUNTRY}} for two {{NRP}} travelers on a budget.",
    "Book a table for 4 at the new {{NRP}} restaurant near {{ADDRESS}} for {{WEEKDAY}} at {{TIME}}.",
    "I live in {{CITY}}, {{STATE}}. When should I plant tomatoes?",
    "We're moving from {{COUNTRY}} to {{COUNTRY}} in {{MONTHYEAR}}; what paperwork do I need?",
    "My hotel is at {{ADDRESS}}, how do I get there from the airport?",
    "Is {{CITY}} safe for a solo trip in {{MONTH}}?",
    "Give me walking directions from {{STREET}} to the nearest pharmacy in {{CITY}}.",
    "what's the zip code for {{STREET}}, {{CITY}}? I think it's {{ZIP}}",
    "My zip is {{ZIP}}, which delivery zone am I in?",
    "Ship it to {{NAME}}, {{ADDRESS}}",
    "I'm {{NRP}} and I live in {{COUNTRY}}. Do I need a visa to visit {{COUNTRY}}?",
    "As a {{RELIGION}}, what should I keep in mind when visiting {{CITY}} during the holidays?",
    "My family is {{RELIGION}} and my partner's family is {{RELIGION}}. Ideas for a ceremony that respects both?",
    "The {{NRP}} team lost again, write a funny tweet about it",
    "Our office moved to {{ADDRESS}} on {{DATE}}. Update the website footer text.",
    "What's the weather usually like in {{CITY}} on {{MONTH}} weekends?",
    "can u find flights to {{CITY}} around {{DATE}} under 400 dollars",
    "I'm in {{CITY}} until {{WEEKDAY}}, what are the must-see museums?",
    "We are proud {{NRP_PL}} living abroad. Write a short speech for our community event.",
    "What do {{NRP_PL}} usually eat for breakfast?",
    "I'm a {{POLITICAL}} and my uncle is a {{POLITICAL}}; how do we avoid fighting at dinner?",
    "The package was sent from {{CITY}}, {{COUNTRY}} on {{DATE}} and still hasn't arrived.",
    "I need a hotel near {{STREET}} in {{CITY}} for {{WEEKDAY}} night.",
    "Meet me at {{ADDRESS}} at {{TIME}}, ok? Write that as a calendar invite.",
    # --- work and HR
    "Write a job offer letter for {{NAME}} as {{JOB}} starting {{DATE}} with a salary of {{PRICE}} per year.",
    "{{NAME}} from {{ORG}} wants a quote by {{WEEKDAY}}, help me draft it.",
    "Schedule a call with {{NAME}} ({{ORG}}) next {{WEEKDAY}} at {{TIME}} and add the dial-in {{PHONE}}.",
    "Create meeting notes: attendees {{NAME}}, {{NAME}}, {{NAME}}; date {{DATE}}.",
    "I work at {{ORG}} as a {{JOB}}. How do I negotiate a raise?",
    "Review my self-assessment. Manager: {{HON}} {{NAME}}. Period: {{MONTHYEAR}} to {{MONTHYEAR}}.",
    "Our vendor {{ORG}} sent invoice {{TICKET}} for {{PRICE}}; their contact is {{EMAIL}}. Draft a payment confirmation.",
    "Write a press release: {{ORG}} appoints {{NAME}} as {{JOB}}, effective {{DATE}}.",
    "Reference check for {{NAME}}: she worked at {{ORG}} in {{CITY}} from {{YEAR}} until {{YEAR}}.",
    "Add {{NAME}} ({{EMAIL}}) to the onboarding checklist, start date {{DATE}}.",
    "How should I address a letter to {{HON}} {{LAST}}, the {{JOB}} at {{ORG}}?",
    "Dear {{HON}} {{LAST}}, is this salutation correct for a professor?",
    "{{NAME}}, the {{JOB}} of {{ORG}}, said the results were strong. Turn this into a tweet.",
    "{{ORG}} is hiring a {{JOB}} in {{CITY}}; write the job ad.",
    "Compare {{ORG}} and {{ORG}} as employers for a junior developer.",
    "Bill {{ORG}} for the consulting hours and send it to {{EMAIL}}.",
    "We are a small {{NRP}} company based in {{CITY}}. Write our mission statement.",
    "Write a short bio: {{NAME}} was born in {{CITY}} in {{YEAR}} and founded {{ORG}} in {{YEAR}}.",
    "{{NAME}} is a {{NRP}} {{JOB}} who moved to {{CITY}} in {{YEAR}}. Make this paragraph longer.",
    "Summarize: On {{DATE}}, {{ORG}} announced that {{NAME}} would step down as {{JOB}}.",
    "I used to work for {{ORG}} as a {{JOB}} but quit in {{MONTHYEAR}}. How do I explain the gap?",
    # --- health, legal, government
    "I'm {{AGE}}, female, and have had headaches since {{WEEKDAY}}. Should I see a doctor?",
    "Appointment with {{HON}} {{LAST}} on {{DATE}} at {{TIME}}. Write me a reminder.",
    "My father is {{AGE}} and takes 20 mg of atorvastatin. Is grapefruit a problem?",
    "Write a referral letter for patient {{NAME}}, DOB {{DOB}}, to {{HON}} {{LAST}} at {{ORG}}.",
    "Help me fill the change of address form: old address {{ADDRESS}}, new address {{ADDRESS}}.",
    "The tax letter is addressed to {{NAME}}, SSN {{SSN}}. Is it a scam?",
    "I need to notarize a document for {{NAME}} living at {{ADDRESS}}. What do I bring?",
    "Is {{SSN}} a real social security number or just an example?",
    "Does a {{STATE}} license like {{DL}} work as ID for domestic flights?",
    "He showed a driver's license {{DL}} issued in {{STATE}}, name {{NAME}}. Can I rent him the car?",
    "At {{AGE}}, is it too late to learn the piano?",
    "Calculate my retirement savings: I'm {{AGE}} and earn {{PRICE}} a year.",
    "How old is someone born on {{DOB}}?",
    "My landlord {{HON}} {{LAST}} lives at {{STREET}} and won't fix the heating. What are my rights in {{STATE}}?",
    # --- dates and scheduling
    "What day of the week was {{DATE}}?",
    "How many days are there between {{DATE}} and {{DATE}}?",
    "Set a reminder for {{DATETIME}} to renew my passport.",
    "My flight lands at {{TIME}} on {{WEEKDAY}}, can {{FIRST}} pick me up?",
    "The lease started {{DATE}} and ends {{DATE}}. How much notice do I need to give?",
    "The warranty started on {{DATE}}, is it still valid?",
    "I was born in {{YEAR}}, which Chinese zodiac sign am I?",
    "Move my dentist appointment from {{WEEKDAY}} to {{DATE}} at {{TIME}}.",
    # --- phones
    "Can you check if this phone number is formatted correctly for {{COUNTRY}}: {{PHONE}}",
    "I keep getting spam calls from {{PHONE}}. How do I block it on Android?",
    "Whose number is {{PHONE}}? They called me three times on {{WEEKDAY}}.",
    # --- web
    "Can you review my portfolio site {{URL}} and tell me what to improve?",
    "My blog {{URL}} got hacked, how do I restore it?",
    "Write an 'about us' page for {{ORG}}; our website is {{URL}}.",
    "Is {{URL}} a phishing site? it asked for my card number.",
    "I bought the domain {{DOMAIN}}, how do I point it to my server at {{IPV4}}?",
    "Write a product description for the online shop at {{URL}}.",
    "My website is {{URL}}, can you suggest better meta descriptions?",
    "Just launched {{DOMAIN}} 🎉 write a tweet announcing it",
    # --- other languages
    "Kannst du eine E-Mail an {{NAME}} ({{EMAIL}}) schreiben? Das Treffen ist am {{DATE}}.",
    "¿Puedes escribir una carta para {{NAME}}, que vive en {{ADDRESS}}?",
    "Peux-tu rappeler {{FIRST}} au {{PHONE}} ? Merci !",
    *LANGUAGE_POSITIVE_TEMPLATES,
    *JOB_TITLE_TEMPLATES,
)

NEGATIVE_TEMPLATES: tuple[str, ...] = (
    # --- software, versions, errors
    "Why does pip say {{LANG}} is not supported when installing {{PKG}}=={{VERSION}}?",
    "What's the difference between {{VERSION}} and {{VERSION}} of the API?",
    "I'm getting HTTP {{STATUS}} when calling /api/v2/users, what does it mean?",
    "git revert {{HASH}} gives a merge conflict, how do I fix it?",
    "What does `{{IDENT}}` do in this function?",
    "Why can't Python open {{PATH}}? It says permission denied.",
    "npm ERR! code E404 for package {{PKG}}@{{VERSION}}. What am I doing wrong?",
    "The Docker image {{PKG}}:{{VERSION}} exits with code {{NUM}} right after start.",
    "My request took {{DURATION}} and returned {{STATUS}}; how can I profile it?",
    "Upgrading from {{LANG}} to {{LANG}}: what breaks?",
    "Ticket {{TICKET}}: the export button is greyed out in {{PRODUCT}} after the {{VERSION}} update.",
    "Read {{PATH}} line by line in Rust.",
    "The function {{IDENT}} returns None when the list is empty. Fix it.",
    "The checksum of my download is {{HASH}} but the website shows another one. Is the file corrupted?",
    "How do I set the header X-Request-ID: {{UUID}} with curl?",
    "Write a regex that matches ids like {{TICKET}}.",
    "Is {{UUID}} a valid UUID v4?",
    "What does error {{ERRCODE}} mean on Windows Update?",
    "kubectl shows CrashLoopBackOff with exit code {{NUM}}. Where do I look first?",
    "Set the retry count to {{NUM}} and the timeout to {{DURATION}} in this config.",
    "pip install {{PKG}}=={{VERSION}} hangs on 'Building wheel'.",
    "Which is better for this project, C++17 or C++20?",
    "Compare ISO 8601 and RFC 3339 timestamps.",
    "Write a SQL query that counts orders per month from the orders table.",
    "Explain the difference between TCP and UDP like I'm five.",
    "My commit {{HASH}} isn't showing up on the main branch. Why?",
    "Build {{VERSION}} failed with {{ERRCODE}} after {{DURATION}}. Any idea?",
    "Convert this loop to a list comprehension: for i in range({{NUM}}): out.append(i * 2)",
    "Rename the variable {{IDENT}} everywhere in {{PATH}}.",
    "Why does {{LANG}} print 0.30000000000000004 for 0.1 + 0.2?",
    # --- maths, units, prices, ids
    "Solve for x: {{MATH}}",
    "Is {{MATH}} correct?",
    "Convert {{QTY}} to imperial units.",
    "How much is {{PRICE}} in Japanese yen?",
    "My order {{TICKET}} hasn't shipped yet. Write a complaint template I can reuse.",
    "Calculate {{PCT}} of {{PRICE}}.",
    "What is {{NUM}} factorial?",
    "How many calories are in {{FOOD_QTY}} of cooked rice?",
    "Scale this recipe: {{FOOD_QTY}} of flour serves 4, how much for 10 people?",
    "Is {{ISBN}} a valid ISBN-13?",
    "The {{PRODUCT}} costs {{PRICE}}. Is it worth upgrading from my {{PRODUCT}}?",
    "Compare the {{PRODUCT}} and the {{PRODUCT}} for video editing.",
    "How many bytes are in {{DATASIZE}}?",
    "The model reached {{PCT}} accuracy on the validation split. Is that overfitting?",
    "Room {{NUM}} on the third floor has a broken projector. Write a facilities request.",
    "Flight {{FLIGHT}} got cancelled. What are my rights?",
    "Case {{TICKET}} was closed without a fix, write a polite escalation.",
    "Rewrite to be more concise: 'The results indicate that performance improved by {{PCT}} over the baseline.'",
    "My monitor is {{SCREEN}}; which resolution should I use?",
    "lol that's wrong, 7 x 8 is 56 not 54",
    # --- names used as words, eponyms
    "Will it rain this weekend?",
    "Will this code run on {{LANG}}?",
    "May I ask how transformers handle long context?",
    "Bill payment failed with error {{ERRCODE}}. What should I try?",
    "Can you bill me for {{NUM}} hours instead of the full day?",
    "Grace periods on loans: how do they work?",
    "Frank feedback please: is my essay too long?",
    "I hope you can help me with my homework on fractions.",
    "Mark the task as done and move on to the next one.",
    "Pat the chicken dry before seasoning it, or not?",
    "Chase the bug down: the loop runs {{NUM}} times instead of {{NUM}}.",
    "Ray tracing in games: is it worth the performance hit on a {{PRODUCT}}?",
    "Train a decision tree on the Iris dataset with scikit-learn.",
    "Summer is coming; suggest {{NUM}} cold soup recipes.",
    "Amber alert vs silver alert: what's the difference?",
    "Convert {{NUM}} miles per gallon to liters per 100 km",
    "Gene expression analysis with DESeq2: where do I start?",
    "Penny stocks: are they ever a good idea?",
    "Can I grow basil and ginger indoors in winter?",
    "Faith in the process: how do I stay motivated while learning to code?",
    "Sue the airline or accept the voucher of {{PRICE}}?",
    "Jack up the car safely: what's the right procedure?",
    "Explain Dijkstra's algorithm with a small example graph.",
    "What's the intuition behind Bayes' theorem?",
    "Implement a Kalman filter in numpy.",
    "Why is the Fourier transform of a Gaussian another Gaussian?",
    "Prove that a Markov chain with {{NUM}} states has a stationary distribution.",
    "How does Newton's method converge?",
    "Does Murphy's law apply to software deployments?",
    "Explain Boolean logic with a truth table.",
    # --- languages, role play, small talk
    "Translate 'good morning' into {{LANGUAGE}}.",
    "Is {{LANGUAGE}} harder to learn than {{LANGUAGE}} for an English speaker?",
    "Write this sentence in {{LANGUAGE}} and then in {{LANGUAGE}}: the meeting is cancelled.",
    "Act as a {{ROLE}} and explain compound interest.",
    "You are a helpful {{ROLE}}. Answer in {{NUM}} bullet points.",
    "Pretend you're a {{ROLE}} and quiz me on world capitals.",
    "Write a haiku about autumn.",
    "Thanks, that worked!",
    "Can you explain that again, more simply?",
    "What are some good books on stoicism?",
    "Write a limerick about a cat who writes code.",
    "Tell me a joke about databases.",
    "Give me {{NUM}} ideas for a team-building activity.",
    "Chapter {{NUM}} of my novel feels slow. How do I fix the pacing?",
    "Make a table of {{NUM}} sorting algorithms with their time complexity.",
    "In Excel, how do I sum column B when column A equals \"Paid\"?",
    "What's a good name for a golden retriever puppy?",
    "How do I get rid of fruit flies in the kitchen?",
    *LANGUAGE_NEGATIVE_TEMPLATES,
)

# --------------------------------------------------------------------------- value lists (our own)

HONORIFICS = ("Mr.", "Mrs.", "Ms.", "Dr.", "Prof.", "Mr", "Mrs", "Ms", "Dr", "Miss", "Mx.")
JOB_TITLES = (
    "software engineer", "nurse", "data analyst", "HR manager", "Head of Marketing", "CFO", "paralegal",
    "pharmacist", "senior accountant", "teacher", "product manager", "UX designer", "sales representative",
    "project coordinator", "civil engineer", "dental hygienist", "Chief Technology Officer", "lab technician",
    "customer success manager", "financial advisor", "graphic designer", "electrician", "office manager",
    "operations director", "research scientist", "social worker", "physiotherapist", "copywriter",
    "Vice President of Sales", "store manager", "truck driver", "barista", "veterinarian", "architect",
    "registered nurse", "DevOps engineer", "recruiter", "police officer", "paramedic", "librarian",
    "account executive", "junior developer", "Managing Director", "chef", "translator",
)
ROLES = (
    "Linux terminal", "travel guide", "math tutor", "Socratic teacher", "job interviewer", "stand-up comedian",
    "personal trainer", "career coach", "storyteller", "debate partner", "spelling checker", "text adventure game",
)
LANGUAGES = ("Spanish", "French", "German", "Japanese", "Italian", "Portuguese", "Korean", "Mandarin", "Dutch", "Polish", "Turkish", "Swedish")
NATIONALITIES = (
    "Swedish", "Mexican", "Nigerian", "Italian", "Japanese", "Brazilian", "Polish", "Irish", "Korean", "Greek",
    "Vietnamese", "Turkish", "Ethiopian", "Lebanese", "Peruvian", "Canadian", "Indian", "Chinese", "German",
    "French", "Spanish", "Portuguese", "Norwegian", "Danish", "Dutch", "Hungarian", "Czech", "Thai", "Moroccan",
    "Argentinian", "Filipino", "Ukrainian", "Scottish", "Australian", "American", "Egyptian", "Kenyan", "Iranian",
)
NATIONALITY_PLURALS = (
    "Swedes", "Mexicans", "Nigerians", "Italians", "Brazilians", "Poles", "Koreans", "Greeks", "Canadians",
    "Indians", "Norwegians", "Danes", "Filipinos", "Ukrainians", "Argentinians", "Kenyans", "Peruvians", "Turks",
)
RELIGIONS = ("Catholic", "Muslim", "Jewish", "Hindu", "Buddhist", "Sikh", "Protestant", "Mormon", "Christian", "Orthodox Christian")
POLITICAL = ("Democrat", "Republican", "Libertarian", "Tory", "Social Democrat")
COUNTRIES = (
    "Germany", "France", "Spain", "Italy", "Portugal", "Poland", "Sweden", "Norway", "Denmark", "Finland",
    "Ireland", "the United Kingdom", "the UK", "the United States", "the USA", "Canada", "Mexico", "Brazil",
    "Argentina", "Chile", "Colombia", "Peru", "Japan", "South Korea", "China", "India", "Pakistan", "Vietnam",
    "Thailand", "Indonesia", "the Philippines", "Australia", "New Zealand", "Nigeria", "Kenya", "Egypt",
    "Morocco", "South Africa", "Turkey", "Greece", "the Netherlands", "Belgium", "Switzerland", "Austria",
    "Czech Republic", "Hungary", "Romania", "Ukraine", "Israel", "Lebanon", "Iran", "Saudi Arabia", "the UAE",
    "Singapore", "Malaysia", "Iceland", "Croatia", "Ethiopia", "Ghana", "Uruguay",
)
WORLD_CITIES = (
    "New York", "Los Angeles", "Chicago", "Houston", "Phoenix", "San Diego", "Denver", "Seattle", "Boston",
    "Austin", "Atlanta", "Miami", "Portland", "Toronto", "Montreal", "Vancouver", "Mexico City", "São Paulo",
    "Buenos Aires", "Bogotá", "Lima", "London", "Manchester", "Edinburgh", "Dublin", "Paris", "Lyon",
    "Marseille", "Berlin", "Munich", "Hamburg", "Köln", "Zürich", "Geneva", "Vienna", "Prague", "Warsaw",
    "Kraków", "Budapest", "Madrid", "Barcelona", "Sevilla", "Lisbon", "Porto", "Rome", "Milan", "Naples",
    "Amsterdam", "Rotterdam", "Brussels", "Copenhagen", "Stockholm", "Oslo", "Helsinki", "Athens", "Istanbul",
    "Tel Aviv", "Cairo", "Lagos", "Nairobi", "Cape Town", "Dubai", "Mumbai", "Delhi", "Bangalore", "Karachi",
    "Bangkok", "Hanoi", "Singapore", "Jakarta", "Manila", "Tokyo", "Osaka", "Seoul", "Beijing", "Shanghai",
    "Sydney", "Melbourne", "Auckland", "Reykjavík", "Tbilisi", "Kyiv", "Bucharest", "Gdańsk", "Malmö",
    "Shenzhen", "Guangzhou", "Chengdu", "Hangzhou", "Wuhan", "Nanjing", "Pune", "Chennai", "Hyderabad",
    "Kolkata", "Jaipur", "Lucknow", "Ahmedabad", "Guadalajara", "Monterrey", "Valencia", "Bilbao", "Málaga",
    "Frankfurt", "Stuttgart", "Düsseldorf", "Leipzig", "Dresden", "Nürnberg",
)
DE_CITIES = ("Berlin", "München", "Hamburg", "Köln", "Frankfurt am Main", "Stuttgart", "Düsseldorf", "Leipzig", "Dresden", "Bremen",
             "Hannover", "Nürnberg", "Freiburg", "Heidelberg", "Wien", "Graz", "Zürich", "Basel", "Bern", "Münster")
ES_CITIES = ("Madrid", "Barcelona", "Valencia", "Sevilla", "Zaragoza", "Málaga", "Bilbao", "Granada", "Ciudad de México",
             "Guadalajara", "Monterrey", "Bogotá", "Medellín", "Buenos Aires", "Córdoba", "Santiago", "Lima", "Quito", "Montevideo")
ZH_CITIES = ("北京", "上海", "广州", "深圳", "成都", "杭州", "武汉", "南京", "西安", "重庆", "苏州", "天津", "长沙", "青岛")
HI_CITIES = ("दिल्ली", "मुंबई", "बेंगलुरु", "कोलकाता", "चेन्नई", "जयपुर", "लखनऊ", "पुणे", "हैदराबाद", "पटना", "भोपाल")
US_STATES = (
    "California", "Texas", "New York", "Florida", "Illinois", "Pennsylvania", "Ohio", "Georgia", "Michigan",
    "Washington", "Arizona", "Massachusetts", "New Jersey", "Colorado", "Oregon", "Minnesota", "Wisconsin",
    "Maryland", "Virginia", "North Carolina", "Tennessee", "Nevada", "Utah", "Kentucky", "Iowa",
)
US_STATE_ABBR = ("CA", "TX", "NY", "FL", "IL", "PA", "OH", "GA", "MI", "WA", "AZ", "MA", "NJ", "CO", "OR", "MN", "NC", "VA")
FICTIONAL_ORGS = (
    "Brightline Analytics", "Kestrel Logistics", "Northwind Traders", "Bluefin Robotics", "Oakridge Dental Clinic",
    "Silverleaf Insurance", "Harbor & Pine Legal", "Quantix Labs", "Meridian Health Partners", "Copperfield Bank",
    "Greenhollow Farms", "Nimbus Cloud Services", "Redwood Capital", "Atlas Freight GmbH", "Lumen Studios",
    "Pinecrest Realty", "Starling Software Ltd", "Vantage Point Consulting", "Cobalt Energy AG", "Maple & Co.",
    "Ironbridge Construction", "Sunrise Bakery", "Everwell Pharmacy", "Hexagon Media SA", "Tidewater Shipping",
    "Blue Orchid Hotels", "Falcon Ridge Academy", "Granite State Credit Union", "Helios Solar Inc.",
    "Driftwood Coffee Roasters", "Vertex Biotech", "Orbital Dynamics Corp.", "Willowbrook Veterinary",
    "Crescent Moon Publishing", "Polaris Telecom", "Juniper Health", "Summit Peak Outfitters", "Alder & Finch LLP",
)
DOMAIN_WORDS = (
    "bright", "pixel", "studio", "green", "north", "data", "craft", "nova", "urban", "blue", "cloud", "maple",
    "river", "stone", "lumen", "peak", "harbor", "atlas", "wild", "echo", "solar", "forge", "mint", "orbit",
    "fox", "cedar", "quill", "spark", "metro", "zen", "tiny", "happy", "paws", "bakes", "trail", "home",
)
TLDS = ("com", "com", "com", "net", "org", "io", "de", "co.uk", "fr", "dev", "app", "ch", "se", "nl", "es", "it", "ca", "com.au")
EMAIL_DOMAINS = (
    "gmail.com", "gmail.com", "outlook.com", "yahoo.com", "hotmail.com", "proton.me", "icloud.com", "gmx.de",
    "web.de", "orange.fr", "libero.it", "wp.pl", "mail.ru", "yahoo.co.uk", "aol.com",
)
EMOJI = ("🙏", "😊", "👍", "🔥", "😅", "🤔", "🙂", "😭", "✅", "🚀")
PREFIXES = ("hi, ", "Hi! ", "hey ", "Hello,\n", "quick question: ", "pls ", "Hi there. ", "Good morning! ", "ok ", "Hey, ")
SUFFIXES = (" Thanks!", " thanks", " thx", " Thank you in advance.", " ty", " 🙏", " 😊", " 👍", " Cheers.", "!!", " asap")

# distractors (label O)
PACKAGES = ("numpy", "requests", "pandas", "express", "react", "torch", "fastapi", "lodash", "django", "flask", "scipy", "axios", "nginx", "postgres", "redis")
LANGS = ("Python 3.11", "Python 3.8", "Node 18", "Node.js 20", "Java 17", "Go 1.22", "Ruby 3.2", "PHP 8.1", ".NET 8", "Rust 1.75", "Python 2.7", "TypeScript 5.3", "Python")
PRODUCTS = (
    "iPhone 15 Pro", "Galaxy S23", "RTX 4090", "PlayStation 5", "MacBook Air M2", "Kindle Paperwhite",
    "ThinkPad X1 Carbon", "Pixel 8", "Surface Pro 9", "Raspberry Pi 4", "Steam Deck", "iPad Air", "Xbox Series X",
    "Dell XPS 13", "GoPro Hero 12", "Apple Watch Series 9",
)
IDENTIFIERS = ("getUserById", "max_retries", "__init__", "useEffect", "np.argmax", "self.cache", "parse_args()", "HashMap<String, Vec<u8>>", "async def fetch_all", "std::move", "df.groupby", "handleSubmit")
PATHS = ("/usr/local/bin/python3", "./src/main.rs", "C:\\Program Files\\App\\config.ini", "~/projects/app/.env", "/var/log/nginx/error.log", "data/train.csv", "../assets/logo.svg", "/etc/ssh/sshd_config")
STATUSES = ("404", "500", "403 Forbidden", "502 Bad Gateway", "429", "401 Unauthorized", "503", "301")
ERRCODES = ("0x80070005", "E_ACCESSDENIED", "ERR_CONNECTION_RESET", "0xc000007b", "ENOENT", "SIGSEGV", "E11000", "0x800f081f")
MATHS = ("3x + 7 = 22", "2^10 = 1024", "(4 + 5) * 3 = 27", "x^2 - 5x + 6 = 0", "12 / 4 = 3", "sqrt(144) = 12", "5x - 3 = 2x + 9", "log2(64) = 6", "17 * 23", "1/3 + 1/6 = 1/2")
UNITS = ("mg", "kg", "ml", "km", "liters", "g", "cm", "m", "km/h", "°C")
FOOD_UNITS = ("g", "kg", "cups", "ml", "tablespoons", "oz")
CURRENCIES = (("$", ""), ("€", ""), ("£", ""), ("", " EUR"), ("", " USD"), ("CHF ", ""), ("¥", ""), ("", " kr"))
FILE_STEMS = ("report", "config", "index", "main", "settings", "backup", "invoice_template", "train", "utils", "app", "README", "schema")
FILE_MIDDLES = ("final", "prod", "local", "old", "bak", "dev", "spec", "module")
FILE_EXTENSIONS = ("docx", "yaml", "json", "py", "ts", "csv", "xlsx", "pdf", "md", "ini", "sql", "log")
FLIGHT_CODES = ("LH", "BA", "UA", "AF", "KL", "DL", "EK", "QR", "SK")

# --------------------------------------------------------------------------- formats (our own)

PHONE_FORMATS = (
    "(N##) N##-####", "N##-N##-####", "N##.N##.####", "+1 N## N##-####", "+1-N##-N##-####", "+1 (N##) N##-####",
    "N##-N##-#### ext. ##", "N##-####", "+44 20 #### ####", "+44 7### ######", "07### ######", "+49 30 ########",
    "+49 1## #######", "0#### ######", "+33 6 ## ## ## ##", "06 ## ## ## ##", "+91 9#### #####", "+61 4## ### ###",
    "+55 11 9####-####", "+81 90-####-####", "+34 6## ## ## ##", "+39 3## ### ####", "+31 6 ########",
    "+48 ### ### ###", "+46 7# ### ## ##", "N##N######", "+1N##N######",
)
DL_FORMATS = {
    "California": ("L#######",),
    "New York": ("### ### ###", "#########"),
    "Texas": ("########",),
    "Florida": ("L###-###-##-###-#", "L############"),
    "Illinois": ("L###-####-####",),
    "Pennsylvania": ("## ### ###",),
    "Washington": ("WDLCCCCCCCCC",),
    "New Jersey": ("L#### ##### #####",),
    "Michigan": ("L ### ### ### ###",),
    "Ohio": ("LL######",),
    "Arizona": ("L########",),
    "Georgia": ("#########",),
    "Massachusetts": ("S########",),
    "Colorado": ("##-###-####",),
    "Wisconsin": ("L###-####-####-##",),
    "Maryland": ("L-###-###-###-###",),
}
ZIP_FORMATS = ("#####", "#####", "#####-####", "LL# #LL", "L## #LL", "L#L #L#", "#####", "#### LL", "###-####", "#####-###", "######", "## ###", "####")
IBAN_BBAN = {  # country -> BBAN pattern (n digit, a letter, c letter or digit)
    "DE": "n" * 18, "GB": "aaaa" + "n" * 14, "FR": "n" * 10 + "c" * 11 + "nn", "ES": "n" * 20,
    "IT": "a" + "n" * 10 + "c" * 12, "NL": "aaaa" + "n" * 10, "CH": "n" * 5 + "c" * 12, "BE": "n" * 12,
    "AT": "n" * 16, "PL": "n" * 24, "IE": "aaaa" + "n" * 14, "PT": "n" * 21, "SE": "n" * 20, "DK": "n" * 14,
}
CARD_PREFIXES = (("4", 16), ("4", 16), ("4", 16), ("51", 16), ("53", 16), ("55", 16), ("2221", 16), ("34", 15), ("37", 15), ("6011", 16), ("35", 16), ("36", 14))
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS_DE = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember")
MONTHS_ES = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre")
MONTHS_FR = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre")
MONTHS_HI = ("जनवरी", "फ़रवरी", "मार्च", "अप्रैल", "मई", "जून", "जुलाई", "अगस्त", "सितंबर", "अक्टूबर", "नवंबर", "दिसंबर")
WEEKDAYS_ES = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábados", "domingos")

PINYIN = "zh_CN romanized"  # a Chinese name as English chat writes it ("Wei Zhang", "Zhang Wei")
NAME_LOCALES = (
    ("en_US", 30), ("en_GB", 8), ("de_DE", 8), ("fr_FR", 7), ("es_ES", 6), ("es_MX", 4), ("it_IT", 6), ("pt_BR", 5),
    ("pl_PL", 4), ("nl_NL", 3), ("sv_SE", 3), ("tr_TR", 3), ("cs_CZ", 2), ("en_IN", 7), ("ru_RU", 2), ("zh_CN", 1),
    ("ja_JP", 1), ("vi_VN", 2), (PINYIN, 4),
)
ADDRESS_LOCALES = (
    ("en_US", 40), ("en_GB", 8), ("de_DE", 8), ("fr_FR", 6), ("es_ES", 5), ("it_IT", 5), ("pl_PL", 3), ("nl_NL", 3),
    ("sv_SE", 3), ("cs_CZ", 2), ("en_CA", 5), ("en_AU", 5), ("en_IN", 4),
)
ADDRESS_COUNTRY = {
    "en_GB": "United Kingdom", "de_DE": "Germany", "fr_FR": "France", "es_ES": "Spain", "it_IT": "Italy", "pl_PL": "Poland",
    "nl_NL": "Netherlands", "sv_SE": "Sweden", "cs_CZ": "Czech Republic", "en_CA": "Canada", "en_AU": "Australia", "en_IN": "India",
}
CITY_LOCALES = ("de_DE", "es_ES", "pl_PL", "sv_SE", "cs_CZ", "en_IN", "it_IT", "en_US")
COMPANY_LOCALES = ("en_US", "en_US", "en_GB", "de_DE", "es_ES", "it_IT", "sv_SE", "fr_FR", "nl_NL", "pl_PL")


@lru_cache(maxsize=None)
def _faker(locale: str) -> Any:
    from faker import Faker

    return Faker(locale)


class _Generator:
    """Random state for one generation call: ``random.Random(seed)`` plus lazily seeded Faker instances."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.rng = random.Random(seed)
        self._seeded: set[str] = set()
        self.person: tuple[str, str] | None = None  # the last name drawn in the current sentence

    def faker(self, locale: str) -> Any:
        fake = _faker(locale)
        if locale not in self._seeded:  # seed depends on (seed, locale) only: order-independent
            fake.seed_instance(zlib.crc32(f"{self.seed}:{locale}".encode()))
            self._seeded.add(locale)
        return fake

    def weighted(self, options: tuple[tuple[str, int], ...]) -> str:
        return self.rng.choices([o for o, _ in options], weights=[w for _, w in options])[0]

    def pattern(self, fmt: str) -> str:
        """Fill ``#`` (digit), ``N`` (digit 2-9), ``L`` (letter), ``C`` (letter or digit); keep the rest."""
        out = []
        for ch in fmt:
            if ch == "#":
                out.append(str(self.rng.randrange(10)))
            elif ch == "N":
                out.append(str(self.rng.randrange(2, 10)))
            elif ch == "L":
                out.append(chr(65 + self.rng.randrange(26)))
            elif ch == "C":
                out.append(self.rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ0123456789"))
            else:
                out.append(ch)
        return "".join(out)


# --------------------------------------------------------------------------- entity values


def _name_parts(g: _Generator) -> tuple[str, str, str]:
    """``(first, last, full)`` from a weighted Faker locale (family name first for zh/ja)."""
    return _name_in(g, g.weighted(NAME_LOCALES))


def _name_in(g: _Generator, locale: str, remember: bool = True) -> tuple[str, str, str]:
    """``(first, last, full)`` in ``locale``; ``remember``: the sentence's person (its e-mail may use the name)."""
    if locale == PINYIN:
        fake = g.faker("zh_CN")
        first, last = fake.first_romanized_name().strip(), fake.last_romanized_name().strip()
        full = f"{first} {last}" if g.rng.random() < 0.5 else f"{last} {first}"
    else:
        first, last, full = _faker_name(g, locale)
    if remember:
        g.person = (first, last)
    return first, last, full


def _faker_name(g: _Generator, locale: str) -> tuple[str, str, str]:
    fake = g.faker(locale)
    first, last = fake.first_name().strip(), fake.last_name().strip()
    if locale in ("zh_CN", "ja_JP"):
        full = last + first
    elif locale == "en_US" and g.rng.random() < 0.06:
        full = f"{first} {chr(65 + g.rng.randrange(26))}. {last}"
    else:
        full = f"{first} {last}"
    return first, last, full


def _full_name(g: _Generator) -> list[Piece]:
    _, _, full = _name_parts(g)
    if g.rng.random() < 0.12 and full.isascii():
        return [(g.rng.choice(HONORIFICS), "TITLE"), (" ", None), (full, "PERSON")]
    return [(full, "PERSON")]


def _ascii_fold(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]", "", folded).lower()


def _email(g: _Generator) -> str:
    if g.person is not None and g.rng.random() < 0.5:
        first, last = g.person
    else:
        first, last, _ = _name_in(g, g.weighted(NAME_LOCALES), remember=False)
    first, last = _ascii_fold(first), _ascii_fold(last)
    if not first or not last:
        fake = g.faker("en_US")
        first, last = _ascii_fold(fake.first_name()), _ascii_fold(fake.last_name())
    local = g.rng.choice((
        f"{first}.{last}", f"{first[0]}{last}", f"{first}{last}{g.rng.randrange(1, 99)}", f"{first}_{last}",
        f"{last}.{first}", f"{first}{g.rng.randrange(1960, 2010)}", f"{first[0]}.{last}", f"{first}",
    ))
    if g.rng.random() < 0.25:
        domain = f"{g.rng.choice(DOMAIN_WORDS)}{g.rng.choice(DOMAIN_WORDS)}.{g.rng.choice(TLDS)}"
    else:
        domain = g.rng.choice(EMAIL_DOMAINS)
    return f"{local}@{domain}"


def _luhn_complete(digits: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:  # these positions are doubled once the check digit is appended
            d = d * 2 - 9 if d * 2 > 9 else d * 2
        total += d
    return digits + str((10 - total % 10) % 10)


def _credit_card(g: _Generator) -> str:
    prefix, length = g.rng.choice(CARD_PREFIXES)
    body = prefix + "".join(str(g.rng.randrange(10)) for _ in range(length - len(prefix) - 1))
    number = _luhn_complete(body)
    style = g.rng.random()
    if style < 0.4:
        return number
    sep = " " if style < 0.75 else "-"
    groups = {15: (4, 6, 5), 14: (4, 6, 4)}.get(length, (4, 4, 4, 4))
    out, pos = [], 0
    for size in groups:
        out.append(number[pos:pos + size])
        pos += size
    return sep.join(out)


def _iban(g: _Generator) -> str:
    country = g.rng.choice(sorted(IBAN_BBAN))
    chars = []
    for kind in IBAN_BBAN[country]:
        if kind == "n":
            chars.append(str(g.rng.randrange(10)))
        elif kind == "a":
            chars.append(chr(65 + g.rng.randrange(26)))
        else:
            chars.append(g.rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"))
    bban = "".join(chars)
    numeric = "".join(str(int(ch, 36)) for ch in bban + country + "00")
    iban = f"{country}{98 - int(numeric) % 97:02d}{bban}"
    if g.rng.random() < 0.5:
        iban = " ".join(iban[i:i + 4] for i in range(0, len(iban), 4))
    return iban


def _ipv4(g: _Generator) -> str:
    if g.rng.random() < 0.25:
        return g.rng.choice((f"192.168.{g.rng.randrange(256)}.{g.rng.randrange(1, 255)}",
                             f"10.{g.rng.randrange(256)}.{g.rng.randrange(256)}.{g.rng.randrange(1, 255)}",
                             f"172.{g.rng.randrange(16, 32)}.{g.rng.randrange(256)}.{g.rng.randrange(1, 255)}"))
    first = g.rng.choice([n for n in range(1, 224) if n not in (10, 127)])
    return ".".join([str(first)] + [str(g.rng.randrange(256)) for _ in range(3)])


def _ipv6(g: _Generator) -> str:
    groups = [format(g.rng.randrange(65536), "x") for _ in range(8)]
    if g.rng.random() < 0.3:
        groups[0], groups[1] = "2001", "db8"
    if g.rng.random() < 0.5:  # compress a run of groups to "::"
        start = g.rng.randrange(2, 6)
        stop = g.rng.randrange(start + 1, 8)
        return ":".join(groups[:start]) + "::" + ":".join(groups[stop:])
    return ":".join(groups)


def _ip(g: _Generator) -> str:
    return _ipv6(g) if g.rng.random() < 0.25 else _ipv4(g)


def _ssn(g: _Generator) -> str:
    area = g.rng.choice([n for n in range(1, 900) if n != 666])
    group, serial = g.rng.randrange(1, 100), g.rng.randrange(1, 10000)
    sep = g.rng.choices(("-", " ", ""), weights=(7, 2, 1))[0]
    return f"{area:03d}{sep}{group:02d}{sep}{serial:04d}"


def _driver_license(g: _Generator) -> str:
    state = g.rng.choice(sorted(DL_FORMATS))
    return g.pattern(g.rng.choice(DL_FORMATS[state]))


def _random_date(g: _Generator, first_year: int, last_year: int) -> _dt.date:
    start = _dt.date(first_year, 1, 1).toordinal()
    return _dt.date.fromordinal(g.rng.randrange(start, _dt.date(last_year, 12, 31).toordinal()))


def _ordinal(day: int) -> str:
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def _format_date(g: _Generator, date: _dt.date, with_weekday: bool = True) -> str:
    d, m, y = date.day, date.month, date.year
    month, mon = MONTHS[m - 1], MONTHS[m - 1][:3]
    formats = [
        f"{m}/{d}/{y}", f"{m:02d}/{d:02d}/{y}", f"{d:02d}/{m:02d}/{y}", f"{d}.{m}.{y}", f"{d:02d}.{m:02d}.{y}",
        f"{y}-{m:02d}-{d:02d}", f"{month} {d}, {y}", f"{d} {month} {y}", f"{mon} {d}", f"{month} {_ordinal(d)}",
        f"{d}-{mon}-{y}", f"{mon}. {d}, {y}", f"{_ordinal(d)} of {month}", f"{month} {_ordinal(d)}, {y}",
        f"{m}/{d}/{str(y)[2:]}", f"{d} {mon} {y}",
    ]
    if with_weekday:
        formats.append(f"{WEEKDAYS[date.weekday()]}, {month} {d}")
    return g.rng.choice(formats)


def _time(g: _Generator) -> str:
    h, minute = g.rng.randrange(0, 24), g.rng.choice((0, 0, 15, 30, 45, g.rng.randrange(60)))
    h12, ampm = (h % 12 or 12), ("am" if h < 12 else "pm")
    return g.rng.choice((
        f"{h12}{ampm}", f"{h12} {ampm.upper()}", f"{h12}:{minute:02d} {ampm}", f"{h:02d}:{minute:02d}",
        f"{h12}:{minute:02d} {ampm.upper()}", f"{h12}:{minute:02d} {ampm[0]}.m.", f"{h}:{minute:02d}",
    ))


def _datetime(g: _Generator) -> str:
    date = _random_date(g, 2015, 2025)
    h, mi, s = g.rng.randrange(24), g.rng.randrange(60), g.rng.randrange(60)
    return g.rng.choice((
        f"{date.isoformat()} {h:02d}:{mi:02d}:{s:02d}", f"{date.isoformat()}T{h:02d}:{mi:02d}:{s:02d}Z",
        f"{date.day:02d}/{date.month:02d}/{date.year} {h:02d}:{mi:02d}", f"{MONTHS[date.month - 1][:3]} {date.day:2d} {h:02d}:{mi:02d}:{s:02d}",
        f"{date.isoformat()} {h:02d}:{mi:02d}:{s:02d},{g.rng.randrange(1000):03d}",
    ))


def _month_year(g: _Generator) -> str:
    m, y = g.rng.randrange(1, 13), g.rng.randrange(1990, 2027)
    return g.rng.choice((f"{MONTHS[m - 1]} {y}", f"{MONTHS[m - 1][:3]} {y}", f"{m:02d}/{y}"))


def _local_date(g: _Generator, language: str) -> str:
    """A date as a request written in ``language`` (``de``, ``es``, ``fr``, ``zh``, ``hi``) writes it."""
    date = _random_date(g, 2000, 2027)
    d, m, y = date.day, date.month, date.year
    formats = {
        "de": (f"{d}. {MONTHS_DE[m - 1]} {y}", f"{d}. {MONTHS_DE[m - 1]}", f"{d:02d}.{m:02d}.{y}", f"{d}.{m}."),
        "es": (f"{d} de {MONTHS_ES[m - 1]} de {y}", f"{d} de {MONTHS_ES[m - 1]}", f"{d}/{m}/{y}"),
        "fr": (f"{d} {MONTHS_FR[m - 1]} {y}", f"{d} {MONTHS_FR[m - 1]}", f"{d:02d}/{m:02d}/{y}"),
        "zh": (f"{y}年{m}月{d}日", f"{m}月{d}日", f"{y}-{m:02d}-{d:02d}"),
        "hi": (f"{d} {MONTHS_HI[m - 1]} {y}", f"{d} {MONTHS_HI[m - 1]}", f"{d}/{m}/{y}"),
    }[language]
    return g.rng.choice(formats)


def _address(g: _Generator, multiline: bool) -> str:
    locale = g.weighted(ADDRESS_LOCALES)
    lines = [line.strip() for line in g.faker(locale).address().split("\n") if line.strip()]
    if locale in ADDRESS_COUNTRY and g.rng.random() < 0.3:
        lines.append(ADDRESS_COUNTRY[locale])
    return ("\n" if multiline else ", ").join(lines)


def _street(g: _Generator) -> str:
    """Building number + street (+ flat), one line."""
    lines = g.faker(g.weighted(ADDRESS_LOCALES)).street_address().split("\n")
    return ", ".join(line.strip() for line in lines if line.strip())


def _city(g: _Generator) -> str:
    if g.rng.random() < 0.6:
        return g.rng.choice(WORLD_CITIES)
    return g.faker(g.rng.choice(CITY_LOCALES)).city().strip()


def _state(g: _Generator) -> str:
    return g.rng.choice(US_STATE_ABBR) if g.rng.random() < 0.3 else g.rng.choice(US_STATES)


def _organization(g: _Generator) -> str:
    if g.rng.random() < 0.5:
        return g.rng.choice(FICTIONAL_ORGS)
    return g.faker(g.rng.choice(COMPANY_LOCALES)).company().strip()


def _domain(g: _Generator) -> str:
    words = [g.rng.choice(DOMAIN_WORDS) for _ in range(g.rng.choice((1, 2, 2)))]
    if g.rng.random() < 0.3:
        words = [_ascii_fold(_name_in(g, g.weighted(NAME_LOCALES), remember=False)[1]) or "smith"] + words[:1]
    sep = "-" if g.rng.random() < 0.2 else ""
    return f"{sep.join(words)}.{g.rng.choice(TLDS)}"


def _url(g: _Generator) -> str:
    domain = _domain(g)
    return g.rng.choice((
        f"https://www.{domain}/", f"https://{domain}", f"http://{domain}/contact", f"www.{domain}",
        f"https://{domain}/blog/{g.rng.choice(DOMAIN_WORDS)}-{g.rng.choice(DOMAIN_WORDS)}", f"http://www.{domain}",
        f"https://{domain}/about-us", domain,
    ))


def _zip(g: _Generator) -> str:
    return g.pattern(g.rng.choice(ZIP_FORMATS))


def _one(label: str, make: Callable[[_Generator], str]) -> Callable[[_Generator], list[Piece]]:
    return lambda g: [(make(g), label)]


_ENTITY_SLOTS: dict[str, tuple[str, Callable[[_Generator], list[Piece]]]] = {
    # slot: (main entity type, value pieces)
    "NAME": ("PERSON", _full_name),
    "FIRST": ("PERSON", _one("PERSON", lambda g: _name_parts(g)[0])),
    "LAST": ("PERSON", _one("PERSON", lambda g: _name_parts(g)[1])),
    "HON": ("TITLE", _one("TITLE", lambda g: g.rng.choice(HONORIFICS))),
    "JOB": ("TITLE", _one("TITLE", lambda g: g.rng.choice(JOB_TITLES))),
    "EMAIL": ("EMAIL_ADDRESS", _one("EMAIL_ADDRESS", _email)),
    "PHONE": ("PHONE_NUMBER", _one("PHONE_NUMBER", lambda g: g.pattern(g.rng.choice(PHONE_FORMATS)))),
    "CARD": ("CREDIT_CARD", _one("CREDIT_CARD", _credit_card)),
    "IBAN": ("IBAN_CODE", _one("IBAN_CODE", _iban)),
    "IP": ("IP_ADDRESS", _one("IP_ADDRESS", _ip)),
    "IPV4": ("IP_ADDRESS", _one("IP_ADDRESS", _ipv4)),
    "IPV6": ("IP_ADDRESS", _one("IP_ADDRESS", _ipv6)),
    "SSN": ("US_SSN", _one("US_SSN", _ssn)),
    "DL": ("US_DRIVER_LICENSE", _one("US_DRIVER_LICENSE", _driver_license)),
    "DATE": ("DATE_TIME", _one("DATE_TIME", lambda g: _format_date(g, _random_date(g, 2000, 2027)))),
    "DOB": ("DATE_TIME", _one("DATE_TIME", lambda g: _format_date(g, _random_date(g, 1935, 2012), with_weekday=False))),
    "TIME": ("DATE_TIME", _one("DATE_TIME", _time)),
    "DATETIME": ("DATE_TIME", _one("DATE_TIME", _datetime)),
    "ISODATE": ("DATE_TIME", _one("DATE_TIME", lambda g: _random_date(g, 2015, 2026).isoformat())),
    "YEAR": ("DATE_TIME", _one("DATE_TIME", lambda g: str(g.rng.randrange(1950, 2026)))),
    "MONTHYEAR": ("DATE_TIME", _one("DATE_TIME", _month_year)),
    "MONTH": ("DATE_TIME", _one("DATE_TIME", lambda g: g.rng.choice(MONTHS))),
    "WEEKDAY": ("DATE_TIME", _one("DATE_TIME", lambda g: g.rng.choice(WEEKDAYS))),
    "AGE": ("AGE", _one("AGE", lambda g: str(g.rng.randrange(18, 93)))),
    "KIDAGE": ("AGE", _one("AGE", lambda g: str(g.rng.randrange(1, 17)))),
    "ADDRESS": ("STREET_ADDRESS", _one("STREET_ADDRESS", lambda g: _address(g, multiline=False))),
    "ADDRESS_ML": ("STREET_ADDRESS", _one("STREET_ADDRESS", lambda g: _address(g, multiline=True))),
    "STREET": ("STREET_ADDRESS", _one("STREET_ADDRESS", _street)),
    "CITY": ("GPE", _one("GPE", _city)),
    "COUNTRY": ("GPE", _one("GPE", lambda g: g.rng.choice(COUNTRIES))),
    "STATE": ("GPE", _one("GPE", _state)),
    "ZIP": ("ZIP_CODE", _one("ZIP_CODE", _zip)),
    "ORG": ("ORGANIZATION", _one("ORGANIZATION", _organization)),
    "URL": ("DOMAIN_NAME", _one("DOMAIN_NAME", _url)),
    "DOMAIN": ("DOMAIN_NAME", _one("DOMAIN_NAME", _domain)),
    "DE_NAME": ("PERSON", _one("PERSON", lambda g: _name_in(g, "de_DE")[2])),
    "ES_NAME": ("PERSON", _one("PERSON", lambda g: _name_in(g, g.rng.choice(("es_ES", "es_MX")))[2])),
    "ZH_NAME": ("PERSON", _one("PERSON", lambda g: _name_in(g, "zh_CN")[2])),
    "HI_NAME": ("PERSON", _one("PERSON", lambda g: _name_in(g, "hi_IN")[2])),
    "CITY_DE": ("GPE", _one("GPE", lambda g: g.rng.choice(DE_CITIES) if g.rng.random() < 0.6 else g.faker("de_DE").city().strip())),
    "CITY_ES": ("GPE", _one("GPE", lambda g: g.rng.choice(ES_CITIES) if g.rng.random() < 0.6 else g.faker("es_ES").city().strip())),
    "ZH_CITY": ("GPE", _one("GPE", lambda g: g.rng.choice(ZH_CITIES))),
    "HI_CITY": ("GPE", _one("GPE", lambda g: g.rng.choice(HI_CITIES))),
    "DATE_DE": ("DATE_TIME", _one("DATE_TIME", lambda g: _local_date(g, "de"))),
    "DATE_ES": ("DATE_TIME", _one("DATE_TIME", lambda g: _local_date(g, "es"))),
    "DATE_FR": ("DATE_TIME", _one("DATE_TIME", lambda g: _local_date(g, "fr"))),
    "DATE_ZH": ("DATE_TIME", _one("DATE_TIME", lambda g: _local_date(g, "zh"))),
    "DATE_HI": ("DATE_TIME", _one("DATE_TIME", lambda g: _local_date(g, "hi"))),
    "WEEKDAY_ES": ("DATE_TIME", _one("DATE_TIME", lambda g: g.rng.choice(WEEKDAYS_ES))),
    "NRP": ("NRP", _one("NRP", lambda g: g.rng.choice(NATIONALITIES))),
    "NRP_PL": ("NRP", _one("NRP", lambda g: g.rng.choice(NATIONALITY_PLURALS))),
    "RELIGION": ("NRP", _one("NRP", lambda g: g.rng.choice(RELIGIONS))),
    "POLITICAL": ("NRP", _one("NRP", lambda g: g.rng.choice(POLITICAL))),
}

# --------------------------------------------------------------------------- distractor values (label O)


def _price(g: _Generator) -> str:
    amount = g.rng.choice((f"{g.rng.randrange(1, 100)}.{g.rng.randrange(100):02d}", f"{g.rng.randrange(1, 10)},{g.rng.randrange(1000):03d}",
                           str(g.rng.randrange(5, 999)), f"{g.rng.randrange(1, 10)},{g.rng.randrange(1000):03d}.00"))
    before, after = g.rng.choice(CURRENCIES)
    return f"{before}{amount}{after}"


def _version(g: _Generator) -> str:
    major, minor, patch = g.rng.randrange(0, 12), g.rng.randrange(0, 30), g.rng.randrange(0, 20)
    return g.rng.choice((f"v{major}.{minor}.{patch}", f"{major}.{minor}", f"{major}.{minor}.{patch}", f"{major}.{minor}.{patch}-rc{g.rng.randrange(1, 4)}",
                         f"v{major}", f"{major}.{minor}.{patch}-beta.{g.rng.randrange(1, 5)}"))


def _ticket(g: _Generator) -> str:
    n = g.rng.randrange(100, 99999)
    return g.rng.choice((f"#{n}", f"ORD-{n}", f"INC{n:07d}", f"JIRA-{n % 5000}", f"PROJ-{n % 999}", f"RMA {n}", f"SR-{n}",
                         f"INV-{g.rng.randrange(2019, 2026)}-{n % 1000:05d}", f"case {n:08d}", f"PO {n}"))


def _hash(g: _Generator) -> str:
    return format(g.rng.getrandbits(4 * 64), "064x")[: g.rng.choice((7, 8, 12, 40, 64))]


def _uuid(g: _Generator) -> str:
    h = format(g.rng.getrandbits(128), "032x")
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[g.rng.randrange(4)]}{h[17:20]}-{h[20:]}"


def _quantity(g: _Generator) -> str:
    number = g.rng.choice((str(g.rng.randrange(1, 1000)), f"{g.rng.randrange(1, 20)}.{g.rng.randrange(1, 10)}"))
    return f"{number} {g.rng.choice(UNITS)}"


def _isbn(g: _Generator) -> str:
    digits = "978" + "".join(str(g.rng.randrange(10)) for _ in range(9))
    check = (10 - sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits)) % 10) % 10
    return f"{digits[:3]}-{digits[3]}-{digits[4:6]}-{digits[6:12]}-{check}"


def _duration(g: _Generator) -> str:
    return g.rng.choice((f"{g.rng.randrange(5, 999)}ms", f"{g.rng.randrange(1, 60)}.{g.rng.randrange(10)}s", f"{g.rng.randrange(2, 60)} seconds",
                         f"{g.rng.randrange(2, 30)} minutes", f"{g.rng.randrange(1, 5)}h {g.rng.randrange(1, 60)}m"))


def _file_name(g: _Generator) -> str:
    stem = g.rng.choice(FILE_STEMS)
    return g.rng.choice((f"{stem}.{g.rng.choice(FILE_EXTENSIONS)}", f"{stem}.{g.rng.choice(FILE_MIDDLES)}.{g.rng.choice(FILE_EXTENSIONS)}",
                         f"{stem}_v{g.rng.randrange(2, 9)}.{g.rng.choice(FILE_EXTENSIONS)}", f"{stem}.{g.rng.choice(('tar.gz', 'd.ts', 'min.js', 'test.py'))}"))


def _log_line(g: _Generator) -> str:
    n, ms = g.rng.randrange(2, 9999), g.rng.randrange(3, 2500)
    return g.rng.choice((
        f"[WARN] worker-{n % 16}: retry {n % 5 + 1}/5 after {ms}ms",
        f"ERROR {g.rng.choice(PACKAGES)}.pool: connection refused (errno 111)",
        f"INFO  GET /api/v{n % 3 + 1}/items?page={n % 40} {g.rng.choice(('200', '304', '404', '500'))} {ms}ms",
        f"kernel: Out of memory: Killed process {n} ({g.rng.choice(('java', 'python3', 'node', 'chrome'))})",
        f"{g.rng.choice(('eth0', 'eth1', 'enp0s3', 'wlan0', 'docker0'))}: link is {g.rng.choice(('up', 'down'))}, 1000 Mbps full duplex",
        f"DEBUG cache hit ratio {g.rng.randrange(50, 100)}.{g.rng.randrange(10)}% ({n} keys)",
        f"Exception in thread \"main\" java.lang.NullPointerException at Foo.java:{n % 900}",
        f"segfault at {g.rng.getrandbits(32):08x} ip {g.rng.getrandbits(48):012x} error 4 in libc.so.6",
        f"pod/{g.rng.choice(PACKAGES)}-{g.rng.getrandbits(20):05x} restarted {n % 30} times",
        f"WARN  disk /dev/sda{n % 4 + 1} at {g.rng.randrange(80, 100)}% capacity",
    ))


def _arithmetic(g: _Generator) -> str:
    a, b, c = g.rng.randrange(2, 99), g.rng.randrange(2, 99), g.rng.randrange(2, 12)
    x, y = g.rng.randrange(1, 9), g.rng.randrange(1, 9)
    return g.rng.choice((
        f"{a} + {b} = {a + b}", f"{a} * {c} = {a * c}", f"{a * c} / {c} = {a}", f"{x}.{y} * {c} = {round((x + y / 10) * c, 1)}",
        f"{a}% of {b * 10} = {a * b / 10:g}", f"{x}/{c} + {y}/{c} = {x + y}/{c}", f"({a} - {b}) * {c}", f"{a}^{c % 4 + 2}",
        f"{c}x + {a} = {b}", f"{x}.{y}e-{c % 6 + 1}", f"{a}:{b}", f"{a}-{b}-{c}",
    ))


_DISTRACTOR_SLOTS: dict[str, Callable[[_Generator], str]] = {
    "VERSION": _version,
    "LANG": lambda g: g.rng.choice(LANGS),
    "PKG": lambda g: g.rng.choice(PACKAGES),
    "PRICE": _price,
    "TICKET": _ticket,
    "HASH": _hash,
    "UUID": _uuid,
    "STATUS": lambda g: g.rng.choice(STATUSES),
    "MATH": lambda g: g.rng.choice(MATHS),
    "QTY": _quantity,
    "PATH": lambda g: g.rng.choice(PATHS),
    "IDENT": lambda g: g.rng.choice(IDENTIFIERS),
    "PRODUCT": lambda g: g.rng.choice(PRODUCTS),
    "NUM": lambda g: str(g.rng.choice((g.rng.randrange(2, 13), g.rng.randrange(2, 500)))),
    "DATASIZE": lambda g: f"{g.rng.randrange(1, 1000)} {g.rng.choice(('KB', 'MB', 'GB', 'TB', 'MiB', 'GiB'))}",
    "FOOD_QTY": lambda g: f"{g.rng.choice((1, 2, 3, 250, 300, 500, 1.5))} {g.rng.choice(FOOD_UNITS)}",
    "SCREEN": lambda g: g.rng.choice(("27 inches", "24-inch", "32 inch", "34\" ultrawide", "15.6-inch", "13 inch")),
    "PCT": lambda g: g.rng.choice((f"{g.rng.randrange(1, 100)}%", f"{g.rng.randrange(1, 100)}.{g.rng.randrange(10)}%")),
    "DURATION": _duration,
    "ISBN": _isbn,
    "ERRCODE": lambda g: g.rng.choice(ERRCODES),
    "FLIGHT": lambda g: f"{g.rng.choice(FLIGHT_CODES)}{g.rng.choice(('', ' '))}{g.rng.randrange(10, 2000)}",
    "LANGUAGE": lambda g: g.rng.choice(LANGUAGES),
    "ROLE": lambda g: g.rng.choice(ROLES),
    "FILENAME": _file_name,
    "LOGLINE": _log_line,
    "ARITH": _arithmetic,
}

# --------------------------------------------------------------------------- templates -> pieces

_SLOT = re.compile(r"\{\{([A-Z][A-Z0-9_]*)\}\}")


def _parse(template: str) -> tuple[tuple[str, bool], ...]:
    """``((text, is_slot), ...)`` alternating literals and slot names; unknown slots are a programming error."""
    parts = _SLOT.split(template)
    out = []
    for i, part in enumerate(parts):
        if i % 2 == 1:
            if part not in _ENTITY_SLOTS and part not in _DISTRACTOR_SLOTS:
                raise ValueError(f"unknown slot {{{{{part}}}}} in template {template!r}")
            out.append((part, True))
        elif part:
            out.append((part, False))
    return tuple(out)


_POSITIVE = tuple(_parse(t) for t in POSITIVE_TEMPLATES)
_NEGATIVE = tuple(_parse(t) for t in NEGATIVE_TEMPLATES)
for _template, _parsed in zip(NEGATIVE_TEMPLATES, _NEGATIVE):
    if any(is_slot and text in _ENTITY_SLOTS for text, is_slot in _parsed):
        raise ValueError(f"negative template has an entity slot: {_template!r}")


def template_types(parsed: tuple[tuple[str, bool], ...]) -> set[str]:
    """The entity types a parsed template always produces."""
    return {_ENTITY_SLOTS[text][0] for text, is_slot in parsed if is_slot and text in _ENTITY_SLOTS}


_BY_TYPE: dict[str, list[int]] = {t: [i for i, p in enumerate(_POSITIVE) if t in template_types(p)] for t in PII_ENTITY_TYPES}
for _type, _indices in _BY_TYPE.items():
    if not _indices:
        raise ValueError(f"no positive template produces {_type}")


def _fill(g: _Generator, parsed: tuple[tuple[str, bool], ...]) -> list[Piece]:
    g.person = None
    pieces: list[Piece] = []
    for text, is_slot in parsed:
        if not is_slot:
            pieces.append((text, None))
        elif text in _ENTITY_SLOTS:
            pieces.extend(_ENTITY_SLOTS[text][1](g))
        else:
            pieces.append((_DISTRACTOR_SLOTS[text](g), None))
    return pieces


def _decorate(g: _Generator, pieces: list[Piece]) -> list[Piece]:
    """Chat-style noise on the literals only: greetings, sign-offs, emoji, dropped or doubled final punctuation."""
    pieces = list(pieces)
    suffix = g.rng.choice(SUFFIXES) if g.rng.random() < 0.12 else ""
    last_text, last_label = pieces[-1]
    if last_label is None and last_text[-1:] in ".?!" and not last_text.endswith("```"):
        roll = g.rng.random()
        if roll < 0.12 and not suffix:
            pieces[-1] = (last_text[:-1], None) if len(last_text) > 1 else pieces[-1]
        elif roll < 0.16:
            pieces[-1] = (last_text + last_text[-1] * g.rng.randrange(1, 3), None)
    if g.rng.random() < 0.12:
        prefix = g.rng.choice(PREFIXES)
        first_text, first_label = pieces[0]
        if first_label is None and prefix.endswith((", ", ": ", "pls ", "ok ", "hey ")) and first_text[:1].isupper() and first_text[1:2].islower():
            pieces[0] = (first_text[0].lower() + first_text[1:], None)
        pieces.insert(0, (prefix, None))
    pieces.append((suffix, None))
    return [(t, label) for t, label in pieces if t]


def _assemble(g: _Generator, pieces: list[Piece]) -> tuple[str, list[dict[str, Any]]]:
    """Concatenate pieces (after the sentence-wide case change, if any) recording each labelled piece's offsets."""
    roll = g.rng.random()
    case = "lower" if roll < LOWER_CASE_RATIO else "upper" if roll < LOWER_CASE_RATIO + UPPER_CASE_RATIO else None
    parts: list[str] = []
    spans: list[dict[str, Any]] = []
    length = 0
    for text, label in pieces:
        if case == "lower":
            text = text.lower()
        elif case == "upper":
            text = text.upper()
        if label is not None:
            spans.append({"start": length, "end": length + len(text), "label": label})
        parts.append(text)
        length += len(text)
    return "".join(parts), spans


def _render(g: _Generator, parsed: tuple[tuple[str, bool], ...]) -> tuple[str, list[dict[str, Any]]]:
    return _assemble(g, _decorate(g, _fill(g, parsed)))


def _pick_positive(g: _Generator) -> tuple[tuple[str, bool], ...]:
    types = list(FOCUS_WEIGHTS)
    focus = g.rng.choices(types, weights=[FOCUS_WEIGHTS[t] for t in types])[0]
    return _POSITIVE[g.rng.choice(_BY_TYPE[focus])]


def _unique_row(g: _Generator, pick: Callable[[], tuple[tuple[str, bool], ...]], seen: set[str], row_id: str) -> dict[str, Any]:
    for _ in range(10):  # retry a few times on an exact (normalised) repeat
        text, spans = _render(g, pick())
        key = normalize_text(text)
        if key not in seen:
            break
    seen.add(key)
    return {"id": row_id, "text": text, "spans": spans, "source": "synthetic"}


def generate_pii_rows(n: int, seed: int = 0, negative_share: float = NEGATIVE_SHARE) -> list[dict[str, Any]]:
    """``n`` labelled synthetic rows; ``round(n * negative_share)`` of them (at shuffled positions) hold no entity.

    Deterministic for a given ``seed`` (and Faker version). Ids are ``synth-<seed>-<i>``.
    """
    if n < 0 or not 0.0 <= negative_share <= 1.0:
        raise ValueError(f"need n >= 0 and 0 <= negative_share <= 1, got n={n}, negative_share={negative_share}")
    g = _Generator(seed)
    n_negative = round(n * negative_share)
    negative = [True] * n_negative + [False] * (n - n_negative)
    g.rng.shuffle(negative)
    seen: set[str] = set()
    rows = []
    for i, is_negative in enumerate(negative):
        pick = (lambda: g.rng.choice(_NEGATIVE)) if is_negative else (lambda: _pick_positive(g))
        rows.append(_unique_row(g, pick, seen, f"synth-{seed}-{i}"))
    logger.info("generated %d synthetic PII rows (%d without entities), seed %d", n, n_negative, seed)
    return rows


def generate_negative_rows(n: int, seed: int = 0) -> list[dict[str, Any]]:
    """``n`` rows from the negative templates only (no entity; distractors that must stay O). Ids ``synth-neg-<seed>-<i>``."""
    g = _Generator(seed)
    seen: set[str] = set()
    return [_unique_row(g, lambda: g.rng.choice(_NEGATIVE), seen, f"synth-neg-{seed}-{i}") for i in range(n)]
