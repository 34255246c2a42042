"""English and Swedish interface strings, kept as data, and `t(key, lang)` to look them up."""

from __future__ import annotations

from typing import Final

LANGUAGES: Final[tuple[str, ...]] = ("en", "sv")
DEFAULT_LANGUAGE: Final[str] = "en"
LANGUAGE_NAMES: Final[dict[str, str]] = {"en": "English", "sv": "Svenska"}

# key -> {language -> text}; `{name}` fields are filled by t(..., name=...).
STRINGS: Final[dict[str, dict[str, str]]] = {
    # app and navigation
    "nav.candidates": {"en": "Candidates", "sv": "Kandidater"},
    "nav.scorecard": {"en": "Scorecard", "sv": "Bedömningsformulär"},
    "nav.dashboard": {"en": "Dashboard", "sv": "Översikt"},
    "nav.compare": {"en": "Compare", "sv": "Jämför"},
    "nav.rubric": {"en": "Rubric", "sv": "Kompetensmodell"},
    "nav.reports": {"en": "Reports", "sv": "Rapporter"},
    "nav.calibration": {"en": "Calibration", "sv": "Kalibrering"},
    "nav.admin": {"en": "Users", "sv": "Användare"},
    # admin
    "adm.title": {"en": "Users and roles", "sv": "Användare och roller"},
    "adm.name": {"en": "Name", "sv": "Namn"},
    "adm.email": {"en": "Email", "sv": "E-post"},
    "adm.role": {"en": "Role", "sv": "Roll"},
    "adm.sign_in": {"en": "Signs in with", "sv": "Loggar in med"},
    "adm.active": {"en": "Active", "sv": "Aktiv"},
    "adm.password": {
        "en": "Password (at least 12 characters; not for single sign-on)",
        "sv": "Lösenord (minst 12 tecken; inte för enkel inloggning)",
    },
    "adm.add": {"en": "Add a user", "sv": "Lägg till användare"},
    "adm.add_button": {"en": "Add user", "sv": "Lägg till"},
    "adm.added": {"en": "Added {name} ({email}).", "sv": "Lade till {name} ({email})."},
    "adm.change": {"en": "Change a user", "sv": "Ändra en användare"},
    "adm.pick": {"en": "User", "sv": "Användare"},
    "adm.set_role": {"en": "Set role", "sv": "Ändra roll"},
    "adm.role_set": {"en": "New role saved for {name}.", "sv": "Ny roll sparad för {name}."},
    "adm.new_password": {"en": "New password", "sv": "Nytt lösenord"},
    "adm.reset_password": {"en": "Set new password", "sv": "Sätt nytt lösenord"},
    "adm.password_set": {
        "en": "New password saved for {name}.",
        "sv": "Nytt lösenord sparat för {name}.",
    },
    "adm.deactivate": {"en": "Deactivate", "sv": "Inaktivera"},
    "adm.deactivated": {
        "en": "{name} can no longer sign in.",
        "sv": "{name} kan inte längre logga in.",
    },
    "signin.password": {"en": "password", "sv": "lösenord"},
    "signin.sso": {"en": "single sign-on", "sv": "enkel inloggning"},
    "common.language": {"en": "Language", "sv": "Språk"},
    "common.archetype": {"en": "Archetype", "sv": "Arketyp"},
    "common.stage": {"en": "Company stage", "sv": "Företagsfas"},
    "common.target_profile": {"en": "Target profile", "sv": "Målprofil"},
    "common.target": {"en": "Target", "sv": "Mål"},
    "common.weight": {"en": "Weight", "sv": "Vikt"},
    "common.competency": {"en": "Competency", "sv": "Kompetens"},
    "common.candidate": {"en": "Candidate", "sv": "Kandidat"},
    "common.no_data": {
        "en": "No submitted scorecards yet. Add candidates and submit scorecards first.",
        "sv": "Inga inskickade bedömningar ännu. Lägg till kandidater och skicka in bedömningar "
        "först.",
    },
    "common.no_candidates": {
        "en": "No candidates yet. Add one on the Candidates page.",
        "sv": "Inga kandidater ännu. Lägg till en på sidan Kandidater.",
    },
    "common.leniency": {
        "en": "Adjust for interviewer leniency",
        "sv": "Justera för intervjuarnas mildhet",
    },
    "common.leniency_help": {
        "en": "Takes each interviewer's measured leniency (see Calibration) out of their "
        "ratings before scoring, shrunk by how much evidence there is behind it.",
        "sv": "Drar av varje intervjuares uppmätta mildhet (se Kalibrering) från betygen före "
        "poängsättningen, dämpat efter hur mycket underlag det finns.",
    },
    "common.leniency_on": {
        "en": "Adjusted for interviewer leniency: the figures below use leniency-adjusted "
        "ratings, not the ratings as given.",
        "sv": "Justerat för intervjuarnas mildhet: siffrorna nedan bygger på mildhetsjusterade "
        "betyg, inte betygen som de gavs.",
    },
    "common.not_assessed": {"en": "not assessed", "sv": "ej bedömd"},
    # single sign-on
    "auth.title": {"en": "Sign in", "sv": "Logga in"},
    "auth.intro": {
        "en": "CTO Assess holds candidates' personal data: sign in with your organisation's "
        "account to continue.",
        "sv": "CTO Assess innehåller kandidaters personuppgifter: logga in med din "
        "organisations konto för att fortsätta.",
    },
    "auth.sign_in": {"en": "Sign in with single sign-on", "sv": "Logga in med enkel inloggning"},
    "auth.sign_in_with": {"en": "Sign in with {provider}", "sv": "Logga in med {provider}"},
    "auth.no_provider": {
        "en": "[auth] in .streamlit/secrets.toml names no sign-in provider: give it client_id, "
        "client_secret and server_metadata_url, or add an [auth.NAME] section with them.",
        "sv": "[auth] i .streamlit/secrets.toml anger ingen inloggningstjänst: ge den client_id, "
        "client_secret och server_metadata_url, eller lägg till en sektion [auth.NAMN] med dem.",
    },
    "auth.sign_in_refused": {
        "en": "Sign-in failed: the email or the password is wrong, or the account is locked "
        "for a while after too many failed attempts.",
        "sv": "Inloggningen misslyckades: e-postadressen eller lösenordet är fel, eller så är "
        "kontot spärrat en stund efter för många misslyckade försök.",
    },
    "auth.secrets_unreadable": {
        "en": "The app's secrets file cannot be read, so it cannot tell whether sign-in is "
        "required, and stays closed. Fix the file (the reason is below) and reload the page.",
        "sv": "Appens fil med hemligheter går inte att läsa, så appen vet inte om inloggning "
        "krävs och förblir stängd. Rätta filen (orsaken står nedan) och ladda om sidan.",
    },
    "auth.sign_out": {"en": "Sign out", "sv": "Logga ut"},
    "auth.password_intro": {
        "en": "CTO Assess holds candidates' personal data: sign in to continue.",
        "sv": "CTO Assess innehåller kandidaters personuppgifter: logga in för att fortsätta.",
    },
    "auth.email": {"en": "Email", "sv": "E-post"},
    "auth.password": {"en": "Password", "sv": "Lösenord"},
    "auth.submit": {"en": "Sign in", "sv": "Logga in"},
    "auth.first_admin": {
        "en": "No user exists yet. Create the first admin on the server, then sign in here:",
        "sv": "Det finns inga användare ännu. Skapa den första administratören på servern och "
        "logga sedan in här:",
    },
    "auth.no_access": {
        "en": "You are signed in as {email}, but no active CTO Assess user has this email. "
        "Ask an admin to add you.",
        "sv": "Du är inloggad som {email}, men ingen aktiv användare i CTO Assess har den "
        "e-postadressen. Be en administratör att lägga till dig.",
    },
    "auth.expired": {
        "en": "You were signed out after a long idle time. Sign in again.",
        "sv": "Du loggades ut efter lång inaktivitet. Logga in igen.",
    },
    "auth.role": {"en": "Role: {role}", "sv": "Roll: {role}"},
    "role.admin": {"en": "admin", "sv": "administratör"},
    "role.recruiter": {"en": "recruiter", "sv": "rekryterare"},
    "role.hiring_manager": {"en": "hiring manager", "sv": "rekryterande chef"},
    "role.interviewer": {"en": "interviewer", "sv": "intervjuare"},
    "auth.signed_in_as": {
        "en": "Signed in as {name} ({email})",
        "sv": "Inloggad som {name} ({email})",
    },
    "auth.no_email": {
        "en": "The sign-in service did not tell the app your email address, so it cannot tell "
        "who you are. Ask an admin to allow the email scope for this app.",
        "sv": "Inloggningstjänsten gav inte appen din e-postadress, så appen vet inte vem du är. "
        "Be en administratör att tillåta e-postbehörigheten (scope email) för appen.",
    },
    "weight.0": {"en": "not relevant", "sv": "inte relevant"},
    "weight.1": {"en": "useful", "sv": "användbar"},
    "weight.2": {"en": "important", "sv": "viktig"},
    "weight.3": {"en": "critical", "sv": "kritisk"},
    # candidates page
    "cand.title": {"en": "Candidates", "sv": "Kandidater"},
    "cand.search": {"en": "Search by name or email", "sv": "Sök på namn eller e-post"},
    "cand.none_found": {
        "en": "No candidate matches the search.",
        "sv": "Ingen kandidat matchar sökningen.",
    },
    "cand.empty": {
        "en": "The database has no candidates yet. Add one below or load the demo data to explore.",
        "sv": "Databasen har inga kandidater ännu. Lägg till en nedan eller läs in demodata för "
        "att utforska.",
    },
    "cand.load_demo": {"en": "Load demo data", "sv": "Läs in demodata"},
    "cand.demo_loaded": {
        "en": "Demo data loaded: {candidates} candidates, {scorecards} scorecards, {ratings} "
        "ratings.",
        "sv": "Demodata inlästa: {candidates} kandidater, {scorecards} bedömningar, {ratings} "
        "betyg.",
    },
    "cand.add": {"en": "Add a candidate", "sv": "Lägg till kandidat"},
    "cand.edit": {"en": "Edit a candidate", "sv": "Redigera kandidat"},
    "cand.delete": {"en": "Erase a candidate", "sv": "Radera kandidat"},
    "cand.name": {"en": "Name", "sv": "Namn"},
    "cand.email": {"en": "Email", "sv": "E-post"},
    "cand.current_title": {"en": "Current title", "sv": "Nuvarande titel"},
    "cand.notes": {"en": "Notes", "sv": "Anteckningar"},
    "cand.scorecards": {"en": "Scorecards", "sv": "Bedömningar"},
    "cand.demo": {"en": "Demo", "sv": "Demo"},
    "cand.source": {"en": "Source", "sv": "Källa"},
    "cand.save_new": {"en": "Add candidate", "sv": "Lägg till kandidat"},
    "cand.save_edit": {"en": "Save changes", "sv": "Spara ändringar"},
    "cand.added": {"en": "Added {name}.", "sv": "{name} har lagts till."},
    "cand.updated": {"en": "Saved {name}.", "sv": "{name} har sparats."},
    "cand.name_required": {"en": "Name is required.", "sv": "Namn måste anges."},
    "cand.pick": {"en": "Candidate", "sv": "Kandidat"},
    "cand.delete_button": {"en": "Erase…", "sv": "Radera…"},
    "cand.delete_confirm": {
        "en": "Erase {name} with all their scorecards, ratings and audit history? This cannot be "
        "undone.",
        "sv": "Radera {name} med alla bedömningar, betyg och ändringshistorik? Det går inte att "
        "ångra.",
    },
    "cand.delete_yes": {"en": "Yes, erase permanently", "sv": "Ja, radera permanent"},
    "cand.delete_no": {"en": "Cancel", "sv": "Avbryt"},
    "cand.deleted": {
        "en": "Erased {name}: {scorecards} scorecards and {ratings} ratings removed.",
        "sv": "{name} raderad: {scorecards} bedömningar och {ratings} betyg borttagna.",
    },
    "cand.export_button": {
        "en": "Download everything held",
        "sv": "Ladda ner allt som finns sparat",
    },
    "cand.keep": {
        "en": "Keep (never erased by retention)",
        "sv": "Behåll (raderas aldrig av gallring)",
    },
    "cand.keep_help": {
        "en": "For someone hired, or to be contacted again: `retention` leaves them whatever "
        "their activity.",
        "sv": "För den som anställts eller ska kontaktas igen: `retention` lämnar dem oavsett "
        "aktivitet.",
    },
    "cand.export_help": {
        "en": "The candidate's record, every scorecard with ratings and evidence, and the audit "
        "trail about them, as JSON (their right of access).",
        "sv": "Kandidatens uppgifter, alla bedömningar med betyg och underlag samt "
        "ändringshistoriken om dem, som JSON (deras rätt till tillgång).",
    },
    # scorecard page
    "sc.title": {"en": "Scorecard", "sv": "Bedömningsformulär"},
    "sc.intro": {
        "en": "Rate only what you observed in your own interview. Each level describes behaviour; "
        "choose “not assessed” when the interview did not cover a competency.",
        "sv": "Bedöm bara det du själv observerade i din intervju. Varje nivå beskriver beteenden; "
        "välj ”ej bedömd” när intervjun inte täckte kompetensen.",
    },
    "sc.candidate": {"en": "Candidate", "sv": "Kandidat"},
    "sc.interviewer_is": {"en": "Interviewer: {name}", "sv": "Intervjuare: {name}"},
    "sc.reopen": {
        "en": "Reopen a submitted scorecard of this candidate",
        "sv": "Öppna en inskickad bedömning av kandidaten igen",
    },
    "sc.reopen_none": {
        "en": "No submitted scorecard for this candidate.",
        "sv": "Ingen inskickad bedömning av kandidaten.",
    },
    "sc.reopen_pick": {"en": "Scorecard", "sv": "Bedömning"},
    "sc.reopen_reason": {
        "en": "Why (kept in the audit trail)",
        "sv": "Varför (sparas i ändringsloggen)",
    },
    "sc.reopen_button": {"en": "Reopen as a draft", "sv": "Öppna igen som utkast"},
    "sc.reopened": {
        "en": "The scorecard is a draft again; its interviewer can change and submit it.",
        "sv": "Bedömningen är ett utkast igen; intervjuaren kan ändra och skicka in den.",
    },
    "sc.interview_type": {"en": "Interview type", "sv": "Intervjutyp"},
    "sc.interview_date": {"en": "Interview date", "sv": "Intervjudatum"},
    "sc.rating": {"en": "Rating", "sv": "Betyg"},
    "sc.not_assessed": {"en": "not assessed", "sv": "ej bedömd"},
    "sc.evidence": {
        "en": "Evidence: what did the candidate say or do?",
        "sv": "Belägg: vad sa eller gjorde kandidaten?",
    },
    "sc.questions": {"en": "Questions to ask", "sv": "Frågor att ställa"},
    "sc.recommendation": {"en": "Overall recommendation", "sv": "Samlad rekommendation"},
    "sc.notes": {"en": "Notes", "sv": "Anteckningar"},
    "sc.save_draft": {"en": "Save draft", "sv": "Spara utkast"},
    "sc.submit": {"en": "Submit", "sv": "Skicka in"},
    "sc.saved_draft": {
        "en": "Draft saved (scorecard {id}).",
        "sv": "Utkastet sparat (bedömning {id}).",
    },
    "sc.submitted": {"en": "Scorecard {id} submitted.", "sv": "Bedömning {id} inskickad."},
    "sc.loaded": {
        "en": "Loaded your saved {state} scorecard for this interview.",
        "sv": "Din sparade bedömning ({state}) för den här intervjun är inläst.",
    },
    "sc.interviewer_required": {
        "en": "Enter your name as interviewer before saving.",
        "sv": "Ange ditt namn som intervjuare innan du sparar.",
    },
    "sc.rated_count": {
        "en": "{rated} of {total} competencies rated.",
        "sv": "{rated} av {total} kompetenser bedömda.",
    },
    "rec.strong_no": {"en": "Strong no", "sv": "Starkt nej"},
    "rec.no": {"en": "No", "sv": "Nej"},
    "rec.yes": {"en": "Yes", "sv": "Ja"},
    "rec.strong_yes": {"en": "Strong yes", "sv": "Starkt ja"},
    "rec.no_decision": {"en": "No decision", "sv": "Inget beslut"},
    "state.draft": {"en": "draft", "sv": "utkast"},
    "state.submitted": {"en": "submitted", "sv": "inskickad"},
    "itype.screening": {"en": "Screening", "sv": "Första intervju"},
    "itype.technical": {"en": "Technical", "sv": "Teknisk"},
    "itype.leadership": {"en": "Leadership", "sv": "Ledarskap"},
    "itype.strategy": {"en": "Strategy", "sv": "Strategi"},
    "itype.case": {"en": "Case", "sv": "Case"},
    "itype.references": {"en": "References", "sv": "Referenser"},
    "itype.debrief": {"en": "Debrief", "sv": "Avstämning"},
    # the scorecard page on the signed-in user's own interviews, and the interview kit
    "sc.mine": {"en": "Your interviews to score", "sv": "Dina intervjuer att bedöma"},
    "sc.mine_pick": {"en": "Interview", "sv": "Intervju"},
    "sc.mine_free": {
        "en": "Another interview (choose the candidate yourself)",
        "sv": "En annan intervju (välj kandidaten själv)",
    },
    "sc.mine_overdue": {"en": "OVERDUE", "sv": "FÖRSENAD"},
    "sc.mine_count": {
        "en": "{count} still to score, {overdue} overdue.",
        "sv": "{count} kvar att bedöma, {overdue} försenade.",
    },
    "sc.for_interview": {
        "en": "Candidate: {candidate} · interview: {interview} ({kind}) · {date} · search: "
        "{search}",
        "sv": "Kandidat: {candidate} · intervju: {interview} ({kind}) · {date} · rekrytering: "
        "{search}",
    },
    "sc.focus": {"en": "Focus of this interview", "sv": "Intervjuns fokus"},
    "sc.levels": {"en": "Level descriptions", "sv": "Nivåbeskrivningar"},
    "sc.others": {
        "en": "Other competencies ({count}, rate them only if the interview showed them)",
        "sv": "Övriga kompetenser ({count}, bedöm dem bara om intervjun visade dem)",
    },
    "sc.no_date": {"en": "no date set", "sv": "inget datum satt"},
    "kit.title": {"en": "Interview kit: {name}", "sv": "Intervjuunderlag: {name}"},
    "kit.search": {"en": "Search", "sv": "Rekrytering"},
    "kit.client": {"en": "Client", "sv": "Kund"},
    "kit.interview": {"en": "Interview", "sv": "Intervju"},
    "kit.kind": {"en": "Interview type", "sv": "Intervjutyp"},
    "kit.date": {"en": "Date", "sv": "Datum"},
    "kit.candidate": {"en": "Candidate", "sv": "Kandidat"},
    "kit.interviewer": {"en": "Interviewer", "sv": "Intervjuare"},
    "kit.how": {
        "en": "Ask the questions, write down what the candidate did and said, then rate each "
        "competency 1-5 against its level descriptions, on your own, before any debrief. "
        "Leave a competency not assessed when the interview showed no evidence of it.",
        "sv": "Ställ frågorna, skriv ner vad kandidaten gjort och sagt och bedöm sedan varje "
        "kompetens 1-5 mot nivåbeskrivningarna, på egen hand, före varje avstämning. Lämna en "
        "kompetens ej bedömd när intervjun inte gav några belägg för den.",
    },
    "kit.questions": {"en": "Questions to ask", "sv": "Frågor att ställa"},
    "kit.levels": {"en": "Level descriptions", "sv": "Nivåbeskrivningar"},
    "kit.notes": {"en": "Notes and evidence", "sv": "Anteckningar och belägg"},
    "kit.rating": {"en": "Rating", "sv": "Betyg"},
    "kit.not_assessed": {"en": "not assessed", "sv": "ej bedömd"},
    "kit.of": {"en": "{n} of {total}", "sv": "{n} av {total}"},
    "kit.footer": {
        "en": "CTO Assess · interview kit · {count} focus competencies",
        "sv": "CTO Assess · intervjuunderlag · {count} fokuskompetenser",
    },
    "kit.download": {"en": "Download the interview kit", "sv": "Ladda ner intervjuunderlaget"},
    # dashboard
    "dash.title": {"en": "Dashboard", "sv": "Översikt"},
    "dash.ranking": {"en": "Ranking", "sv": "Rangordning"},
    "dash.rank": {"en": "Rank", "sv": "Rang"},
    "dash.fit": {"en": "Fit %", "sv": "Matchning %"},
    "dash.coverage": {"en": "Coverage %", "sv": "Täckning %"},
    "dash.insufficient": {"en": "Insufficient evidence", "sv": "Otillräckligt underlag"},
    "dash.disagreements": {"en": "Disagreements", "sv": "Oenigheter"},
    "dash.overlap_note": {
        "en": "≈ the fit interval overlaps the next or previous candidate's: don't over-read "
        "the difference. Fit % shows the fit with its interval (low-high) from rater noise.",
        "sv": "≈ matchningsintervallet överlappar närmast föregående eller följande kandidats: "
        "övertolka inte skillnaden. Matchning % visar matchningen med sitt intervall (lägst-högst) "
        "utifrån bedömarnas brus.",
    },
    "dash.critical_gaps": {"en": "Critical gaps", "sv": "Kritiska luckor"},
    "dash.recommendations": {"en": "Recommendations", "sv": "Rekommendationer"},
    "dash.scorecards": {"en": "Scorecards", "sv": "Bedömningar"},
    "dash.candidate": {"en": "Show candidate", "sv": "Visa kandidat"},
    "dash.radar": {"en": "{name} against the target", "sv": "{name} mot målprofilen"},
    "dash.gaps": {
        "en": "Gap table: where the points went",
        "sv": "Gaptabell: var poängen försvann",
    },
    "dash.best_fit": {
        "en": "{name}: best fit by archetype and stage",
        "sv": "{name}: bästa matchning per arketyp och fas",
    },
    "dash.fit_summary": {
        "en": "Fit {fit} with {coverage} of the profile's weight assessed.",
        "sv": "Matchning {fit} där {coverage} av profilens vikt är bedömd.",
    },
    "dash.low_coverage": {
        "en": "Less than half of the profile's weight has been assessed: treat this fit as "
        "provisional.",
        "sv": "Mindre än hälften av profilens vikt är bedömd: se matchningen som preliminär.",
    },
    "gap.target": {"en": "Target", "sv": "Mål"},
    "gap.level": {"en": "Level", "sv": "Nivå"},
    "gap.count": {"en": "Ratings", "sv": "Betyg"},
    "gap.spread": {"en": "Spread", "sv": "Spridning"},
    "gap.weight": {"en": "Weight", "sv": "Vikt"},
    "gap.share": {"en": "Share (points)", "sv": "Andel (poäng)"},
    "gap.points_lost": {"en": "Points lost", "sv": "Förlorade poäng"},
    "gap.interval": {"en": "Level interval", "sv": "Nivåintervall"},
    "gap.evidence": {"en": "Evidence", "sv": "Underlag"},
    "gap.status": {"en": "Gap", "sv": "Lucka"},
    "evidence.ok": {"en": "ok", "sv": "ok"},
    "evidence.insufficient": {"en": "insufficient evidence", "sv": "otillräckligt underlag"},
    "evidence.not_assessed": {"en": "not assessed", "sv": "ej bedömd"},
    "status.meets": {"en": "meets target", "sv": "når målet"},
    "status.possible": {"en": "possible gap", "sv": "möjlig lucka"},
    "status.clear": {"en": "clear gap", "sv": "tydlig lucka"},
    "status.not_assessed": {"en": "not assessed", "sv": "ej bedömd"},
    "gap.critical": {"en": "Critical gap", "sv": "Kritisk lucka"},
    # compare
    "cmp.title": {"en": "Compare candidates", "sv": "Jämför kandidater"},
    "cmp.pick": {"en": "Candidates (2-5)", "sv": "Kandidater (2-5)"},
    "cmp.pick_more": {"en": "Pick 2 to 5 candidates.", "sv": "Välj 2 till 5 kandidater."},
    "cmp.gap": {"en": "{name}: gap", "sv": "{name}: lucka"},
    "cmp.radar": {"en": "Candidates against the target", "sv": "Kandidater mot målprofilen"},
    # rubric
    "rub.title": {"en": "Competency rubric", "sv": "Kompetensmodell"},
    "rub.competencies": {"en": "Competencies", "sv": "Kompetenser"},
    "rub.profiles": {"en": "Archetypes and stages", "sv": "Arketyper och faser"},
    "rub.scale": {"en": "Rating scale", "sv": "Betygsskala"},
    "rub.levels": {"en": "Level anchors", "sv": "Nivåbeskrivningar"},
    "rub.questions": {"en": "Interview questions", "sv": "Intervjufrågor"},
    "rub.sources": {"en": "Sources", "sv": "Källor"},
    "rub.base": {"en": "{name} (before stage)", "sv": "{name} (före fas)"},
    "rub.base_level": {"en": "Archetype level", "sv": "Arketypens nivå"},
    "rub.base_weight": {"en": "Archetype weight", "sv": "Arketypens vikt"},
    # reports
    "rep.title": {"en": "Reports", "sv": "Rapporter"},
    "rep.downloads": {"en": "Download reports", "sv": "Ladda ner rapporter"},
    "rep.format": {"en": "File format", "sv": "Filformat"},
    "rep.plain": {"en": "CSV (comma, dot decimals)", "sv": "CSV (komma, decimalpunkt)"},
    "rep.excel_sv": {
        "en": "Excel, Swedish (semicolon, decimal comma)",
        "sv": "Excel, svensk (semikolon, decimalkomma)",
    },
    "rep.leniency_on": {
        "en": "The summary and detail reports are scored from leniency-adjusted ratings (the "
        "switch in the sidebar); the ratings report always holds the ratings as given.",
        "sv": "Sammanfattningen och detaljrapporten bygger på mildhetsjusterade betyg "
        "(reglaget i sidofältet); betygsrapporten innehåller alltid betygen som de gavs.",
    },
    "rep.summary": {"en": "Summary CSV", "sv": "Sammanfattning (CSV)"},
    "rep.detail": {"en": "Detail CSV", "sv": "Detaljer (CSV)"},
    "rep.ratings": {"en": "Ratings CSV", "sv": "Betyg (CSV)"},
    "rep.html": {"en": "Candidate report (HTML)", "sv": "Kandidatrapport (HTML)"},
    "rep.html_button": {"en": "Download HTML report", "sv": "Ladda ner HTML-rapport"},
    "rep.html_subtitle": {
        "en": "Target profile: {profile}",
        "sv": "Målprofil: {profile}",
    },
    "rep.html_footer": {
        "en": "CTO Assess. Fit counts shortfalls against the target only; the points lost add up "
        "to 100 - fit.",
        "sv": "CTO Assess. Matchningen räknar bara underskott mot målet; förlorade poäng summerar "
        "till 100 - matchning.",
    },
    "rep.import": {"en": "Import scorecards", "sv": "Importera bedömningar"},
    "rep.upload": {
        "en": "CSV file (long or wide format) or Greenhouse JSON export",
        "sv": "CSV-fil (långt eller brett format) eller Greenhouse JSON-export",
    },
    "rep.skip_unmapped": {
        "en": "Skip Greenhouse attributes that match no competency",
        "sv": "Hoppa över Greenhouse-attribut som inte motsvarar någon kompetens",
    },
    "rep.mapping": {
        "en": "Mapping file for Greenhouse attributes (YAML, optional)",
        "sv": "Mappningsfil för Greenhouse-attribut (YAML, valfri)",
    },
    "rep.mapping_hint": {
        "en": "Download the ready-to-edit mapping file, fill in a competency id after each "
        "attribute name (or skip), and import again with it as the mapping file.",
        "sv": "Ladda ner mappningsfilen, fyll i ett kompetens-id efter varje attributnamn "
        "(eller skip) och importera igen med den som mappningsfil.",
    },
    "rep.mapping_download": {"en": "Download mapping file", "sv": "Ladda ner mappningsfil"},
    "rep.import_button": {"en": "Import", "sv": "Importera"},
    "rep.imported": {
        "en": "Imported: {candidates_added} candidates, {scorecards_added} scorecards added, "
        "{scorecards_updated} updated, {ratings_added} ratings added, {ratings_changed} changed.",
        "sv": "Importerat: {candidates_added} kandidater, {scorecards_added} bedömningar "
        "tillagda, {scorecards_updated} uppdaterade, {ratings_added} betyg tillagda, "
        "{ratings_changed} ändrade.",
    },
    "rep.import_failed": {
        "en": "Nothing was imported; fix these {count} problem(s) and upload again:",
        "sv": "Inget importerades; rätta dessa {count} problem och ladda upp igen:",
    },
    "fact.fit": {"en": "Fit", "sv": "Matchning"},
    "fact.fit_interval": {"en": "Fit interval", "sv": "Matchningsintervall"},
    "fact.leniency": {"en": "Leniency", "sv": "Mildhet"},
    "fact.coverage": {"en": "Coverage", "sv": "Täckning"},
    "fact.critical": {"en": "Critical gaps", "sv": "Kritiska luckor"},
    "fact.scorecards": {"en": "Submitted scorecards", "sv": "Inskickade bedömningar"},
    # calibration
    "cal.title": {"en": "Calibration", "sv": "Kalibrering"},
    "cal.agreement": {
        "en": "Rater agreement per competency",
        "sv": "Bedömaröverensstämmelse per kompetens",
    },
    "cal.leniency": {"en": "Interviewer leniency", "sv": "Intervjuarnas mildhet"},
    "cal.disagreements": {"en": "Disagreements (2+ points)", "sv": "Oenigheter (2+ poäng)"},
    "cal.intro": {
        "en": "How far the interviewers agree when they rate the same candidates. Krippendorff's "
        "alpha of .800 or more is reliable, .667 to .800 tentative; below that the anchors of "
        "the competency need work. Leniency is in rating points against colleagues who rated the "
        "same candidate.",
        "sv": "Hur väl intervjuarna är överens när de bedömer samma kandidater. Krippendorffs "
        "alfa på .800 eller mer är tillförlitligt, .667 till .800 preliminärt; lägre än så "
        "behöver kompetensens nivåbeskrivningar arbetas om. Mildhet anges i betygspoäng mot "
        "kollegor som bedömt samma kandidat.",
    },
    "cal.candidates": {"en": "Candidates", "sv": "Kandidater"},
    "cal.ratings": {"en": "Ratings", "sv": "Betyg"},
    "cal.icc_candidates": {"en": "Candidates (ICC)", "sv": "Kandidater (ICC)"},
    "cal.verdict": {"en": "Verdict", "sv": "Bedömning"},
    "cal.interviewer": {"en": "Interviewer", "sv": "Intervjuare"},
    "cal.leniency_points": {"en": "Leniency (points)", "sv": "Mildhet (poäng)"},
    "cal.shared": {"en": "Shared ratings", "sv": "Delade betyg"},
    "cal.low": {"en": "Lowest", "sv": "Lägst"},
    "cal.high": {"en": "Highest", "sv": "Högst"},
    "cal.spread": {"en": "Spread", "sv": "Spridning"},
    "cal.interviewers": {"en": "Interviewers", "sv": "Intervjuare"},
    "cal.evidence": {"en": "Evidence", "sv": "Belägg"},
    "verdict.reliable": {"en": "reliable", "sv": "tillförlitlig"},
    "verdict.tentative": {"en": "tentative", "sv": "preliminär"},
    "verdict.unreliable": {
        "en": "unreliable: anchors need work",
        "sv": "otillförlitlig: nivåbeskrivningarna behöver arbetas om",
    },
    "verdict.insufficient": {"en": "insufficient data", "sv": "otillräckligt underlag"},
    "cal.none": {"en": "Nothing to show yet.", "sv": "Inget att visa ännu."},
    # why a calibration statistic has no value (assess.domain.reliability.Reason)
    "why.no_ratings": {
        "en": "no ratings of this competency yet",
        "sv": "inga betyg på den här kompetensen ännu",
    },
    "why.alpha_pairs": {
        "en": "needs at least one candidate rated by 2 or more interviewers; none was",
        "sv": "kräver minst en kandidat bedömd av 2 eller fler intervjuare; ingen var det",
    },
    "why.alpha_no_variation": {
        "en": "undefined: the ratings of candidates rated more than once do not vary",
        "sv": "odefinierad: betygen på kandidater bedömda mer än en gång varierar inte",
    },
    "why.icc_raters": {
        "en": "needs at least 2 interviewers; {raters} rated it",
        "sv": "kräver minst 2 intervjuare; {raters} bedömde den",
    },
    "why.icc_complete": {
        "en": "needs at least 2 candidates rated by the same {raters} interviewers; "
        "found {complete}",
        "sv": "kräver minst 2 kandidater bedömda av samma {raters} intervjuare; "
        "det fanns {complete}",
    },
    "why.icc_no_variation": {
        "en": "undefined: the ratings do not vary enough (the formula divides by zero)",
        "sv": "odefinierad: betygen varierar för lite (formeln delar med noll)",
    },
    "why.leniency_shared": {
        "en": "rated no candidate and competency that another interviewer also rated",
        "sv": "bedömde ingen kandidat och kompetens som en annan intervjuare också bedömde",
    },
    # searches
    "nav.searches": {"en": "Searches", "sv": "Rekryteringar"},
    "search.title": {"en": "Searches", "sv": "Rekryteringar"},
    "search.choose": {"en": "Search", "sv": "Rekrytering"},
    "search.none": {
        "en": "No searches yet. Add the first one below.",
        "sv": "Inga rekryteringar ännu. Lägg till den första nedan.",
    },
    "search.new": {"en": "New search", "sv": "Ny rekrytering"},
    "search.name": {"en": "Title", "sv": "Titel"},
    "search.client": {"en": "Client", "sv": "Kund"},
    "search.status": {"en": "Status", "sv": "Status"},
    "search.add": {"en": "Add search", "sv": "Lägg till rekrytering"},
    "search.added": {"en": "Search {id} added.", "sv": "Rekrytering {id} har lagts till."},
    "search.profile": {"en": "Target profile", "sv": "Målprofil"},
    "search.level": {"en": "Level", "sv": "Nivå"},
    "search.level_source": {"en": "Level from", "sv": "Nivå från"},
    "search.weight_source": {"en": "Weight from", "sv": "Vikt från"},
    "search.reason": {"en": "Reason", "sv": "Motivering"},
    "search.set_by": {"en": "Set by", "sv": "Satt av"},
    "search.override": {"en": "Adjust a target", "sv": "Justera ett mål"},
    "search.keep": {"en": "unchanged", "sv": "oförändrad"},
    "search.set_target": {"en": "Save the target", "sv": "Spara målet"},
    "search.target_set": {"en": "Target saved.", "sv": "Målet har sparats."},
    "search.pipeline": {"en": "Pipeline", "sv": "Kandidatflöde"},
    "search.no_candidates": {
        "en": "No candidates in this search yet.",
        "sv": "Inga kandidater i den här rekryteringen ännu.",
    },
    "search.pipeline_stage": {"en": "Stage", "sv": "Steg"},
    "search.add_candidate": {"en": "Add to the search", "sv": "Lägg till i rekryteringen"},
    "search.candidate_added": {
        "en": "Candidate added at sourced.",
        "sv": "Kandidaten har lagts till som identifierad.",
    },
    "search.move": {"en": "Move", "sv": "Flytta"},
    "search.moved": {"en": "Candidate moved.", "sv": "Kandidaten har flyttats."},
    "search.progress": {"en": "Progress", "sv": "Framsteg"},
    "search.no_interviews": {
        "en": "No interviews planned for this search yet.",
        "sv": "Inga intervjuer planerade för den här rekryteringen ännu.",
    },
    "search.interview": {"en": "Interview", "sv": "Intervju"},
    "search.interviewer": {"en": "Interviewer", "sv": "Intervjuare"},
    "search.state": {"en": "State", "sv": "Läge"},
    "search.overdue": {"en": "Overdue", "sv": "Försenad"},
    # the hiring team and the interview plan on the Searches page
    "search.team": {"en": "Hiring team", "sv": "Rekryteringsteam"},
    "search.no_team": {"en": "Nobody on the team yet.", "sv": "Ingen i teamet ännu."},
    "search.member": {"en": "Name", "sv": "Namn"},
    "search.role": {"en": "Role on this search", "sv": "Roll i rekryteringen"},
    "search.user": {"en": "User", "sv": "Användare"},
    "search.set_member": {"en": "Put on the team", "sv": "Lägg till i teamet"},
    "search.member_set": {
        "en": "{name} is on the team as {role}.",
        "sv": "{name} är med i teamet som {role}.",
    },
    "search.remove_member": {"en": "Take off the team", "sv": "Ta bort ur teamet"},
    "search.member_removed": {
        "en": "{name} is off the team and its interviews.",
        "sv": "{name} är borttagen ur teamet och dess intervjuer.",
    },
    "search.plan": {"en": "Interview plan", "sv": "Intervjuplan"},
    "search.interview_name": {"en": "Interview name", "sv": "Intervjuns namn"},
    "search.kind": {"en": "Interview type", "sv": "Intervjutyp"},
    "search.focus": {
        "en": "Focus competencies (3-6, in the order the scorecard shows them)",
        "sv": "Fokuskompetenser (3-6, i den ordning bedömningen visar dem)",
    },
    "search.focus_short": {"en": "Focus", "sv": "Fokus"},
    "search.date": {"en": "Date", "sv": "Datum"},
    "search.set_date": {"en": "The interview has a date", "sv": "Intervjun har ett datum"},
    "search.add_interview": {"en": "Add the interview", "sv": "Lägg till intervjun"},
    "search.interview_added": {
        "en": "Interview {id} added.",
        "sv": "Intervju {id} har lagts till.",
    },
    "search.new_interview": {"en": "Plan an interview", "sv": "Planera en intervju"},
    "search.assign": {"en": "Assign an interviewer", "sv": "Tilldela en intervjuare"},
    "search.assign_button": {"en": "Assign", "sv": "Tilldela"},
    "search.assigned": {"en": "Interviewer assigned.", "sv": "Intervjuaren har tilldelats."},
    "search.already_assigned": {
        "en": "That interviewer is assigned already; nothing changed.",
        "sv": "Intervjuaren är redan tilldelad; inget ändrades.",
    },
    "search.kit_for": {"en": "Interview kit for", "sv": "Intervjuunderlag för"},
    "search.kit_language": {"en": "Kit language", "sv": "Underlagets språk"},
    "search.kit_no_candidate": {"en": "no candidate named", "sv": "ingen kandidat angiven"},
    "pipe.sourced": {"en": "sourced", "sv": "identifierad"},
    "pipe.screening": {"en": "screening", "sv": "urval"},
    "pipe.interviewing": {"en": "interviewing", "sv": "intervjuer"},
    "pipe.final": {"en": "final", "sv": "slutskede"},
    "pipe.offer": {"en": "offer", "sv": "erbjudande"},
    "pipe.hired": {"en": "hired", "sv": "anställd"},
    "pipe.rejected": {"en": "rejected", "sv": "avböjd"},
    "pipe.withdrawn": {"en": "withdrawn", "sv": "drog sig ur"},
    "sstatus.open": {"en": "open", "sv": "öppen"},
    "sstatus.on_hold": {"en": "on hold", "sv": "pausad"},
    "sstatus.closed": {"en": "closed", "sv": "stängd"},
    "source.archetype_stage": {"en": "archetype and stage", "sv": "arketyp och fas"},
    "source.override": {"en": "this search", "sv": "den här rekryteringen"},
    # the analysis pages' search choice (Dashboard, Compare, Reports, Calibration)
    "scope.search": {"en": "Search", "sv": "Rekrytering"},
    "scope.all": {"en": "All candidates", "sv": "Alla kandidater"},
    "scope.showing": {
        "en": "Search {search}: its candidates, scored against its target profile.",
        "sv": "Rekrytering {search}: dess kandidater, mot dess målprofil.",
    },
    "scope.overrides": {"en": "Set for this search", "sv": "Satt för den här rekryteringen"},
    "scope.others": {
        "en": "Unmarked numbers: archetype and stage",
        "sv": "Omärkta tal: arketyp och fas",
    },
    "progress.unassigned": {"en": "nobody assigned", "sv": "ingen tilldelad"},
    "progress.not_started": {"en": "not started", "sv": "ej påbörjad"},
    "progress.draft": {"en": "draft", "sv": "utkast"},
    "progress.submitted": {"en": "submitted", "sv": "inskickad"},
    # defining the role: needs questionnaire, stakeholders' views, alignment
    "nav.role": {"en": "Define the role", "sv": "Definiera rollen"},
    "role.title": {"en": "Define the role", "sv": "Definiera rollen"},
    "role.none": {
        "en": "No search to define yet: add one on the Searches page.",
        "sv": "Ingen rekrytering att definiera ännu: lägg till en på sidan Rekryteringar.",
    },
    "role.current": {
        "en": "Current target: {archetype} at {stage}.",
        "sv": "Nuvarande mål: {archetype} i fasen {stage}.",
    },
    "role.needs": {"en": "Which CTO do you need?", "sv": "Vilken typ av CTO behöver ni?"},
    "role.needs_help": {
        "en": "Answer what you know about the company; every answer moves the archetypes and "
        "stages as the source texts say.",
        "sv": "Svara på det ni vet om företaget; varje svar flyttar arketyperna och faserna så "
        "som källtexterna säger.",
    },
    "role.unanswered": {"en": "not answered", "sv": "inte besvarad"},
    "role.recommend": {"en": "Recommend", "sv": "Rekommendera"},
    "role.recommendation": {"en": "Recommendation", "sv": "Rekommendation"},
    "role.pair": {
        "en": "{place}. {archetype} at {stage}: score {score}",
        "sv": "{place}. {archetype} i fasen {stage}: poäng {score}",
    },
    "role.chosen": {"en": "the search's choice", "sv": "rekryteringens val"},
    "role.use": {"en": "Use this", "sv": "Använd den här"},
    "role.used": {
        "en": "The search's target is now {archetype} at {stage}; the answers are kept.",
        "sv": "Rekryteringens mål är nu {archetype} i fasen {stage}; svaren sparas.",
    },
    "role.effect": {"en": "Points", "sv": "Poäng"},
    "role.moves": {"en": "Moves", "sv": "Påverkar"},
    "role.question": {"en": "Question", "sv": "Fråga"},
    "role.answer": {"en": "Answer", "sv": "Svar"},
    "role.seed": {"en": "Source", "sv": "Källa"},
    "role.quote": {"en": "Quote", "sv": "Citat"},
    "role.stage_of": {"en": "{stage} stage", "sv": "fasen {stage}"},
    "role.profile": {
        "en": "Target profile of the first: {archetype} at {stage}",
        "sv": "Målprofil för den första: {archetype} i fasen {stage}",
    },
    "role.stakeholders": {"en": "Stakeholders' views", "sv": "Intressenternas syn"},
    "role.stakeholders_help": {
        "en": "Each stakeholder (the CEO, a board member, an investor, the engineering team) "
        "states their own level and weight for every competency.",
        "sv": "Varje intressent (vd, en styrelseledamot, en investerare, utvecklingsteamet) "
        "anger sin egen nivå och vikt för varje kompetens.",
    },
    "role.no_stakeholders": {"en": "No stakeholders yet.", "sv": "Inga intressenter ännu."},
    "role.edit": {"en": "Add or edit a stakeholder", "sv": "Lägg till eller ändra en intressent"},
    "role.pick": {"en": "Stakeholder", "sv": "Intressent"},
    "role.new": {"en": "New stakeholder", "sv": "Ny intressent"},
    "role.name": {"en": "Name", "sv": "Namn"},
    "role.user": {"en": "User on the search's team", "sv": "Användare i rekryteringsteamet"},
    "role.no_user": {"en": "none (no account)", "sv": "ingen (inget konto)"},
    "role.start": {
        "en": "A new view starts from the search's current target profile.",
        "sv": "En ny syn utgår från rekryteringens nuvarande målprofil.",
    },
    "role.save": {"en": "Save the view", "sv": "Spara synen"},
    "role.saved": {"en": "{name}'s view saved.", "sv": "{name}s syn har sparats."},
    "role.remove": {"en": "Remove this stakeholder", "sv": "Ta bort intressenten"},
    "role.removed": {"en": "{name} removed.", "sv": "{name} har tagits bort."},
    "role.alignment": {"en": "Alignment", "sv": "Samsyn"},
    "role.need_two": {
        "en": "Alignment needs the views of at least 2 stakeholders; this search has {count}.",
        "sv": "Samsyn kräver minst 2 intressenters syn; den här rekryteringen har {count}.",
    },
    "role.alpha_level": {
        "en": "Agreement on levels (alpha)",
        "sv": "Samstämmighet om nivåer (alfa)",
    },
    "role.alpha_weight": {
        "en": "Agreement on weights (alpha)",
        "sv": "Samstämmighet om vikter (alfa)",
    },
    "role.alpha_undefined": {"en": "undefined", "sv": "odefinierad"},
    "role.alpha_help": {
        "en": "Krippendorff's alpha (interval): 1 = full agreement, 0 = no more than chance, "
        "below 0 = systematic disagreement; undefined when no value varies.",
        "sv": "Krippendorffs alfa (intervall): 1 = full samstämmighet, 0 = inte mer än slumpen, "
        "under 0 = systematisk oenighet; odefinierad när inget värde varierar.",
    },
    "role.disputed": {
        "en": "Settle before interviewing: {names}",
        "sv": "Kom överens före intervjuerna: {names}",
    },
    "role.agreed": {
        "en": "The stakeholders agree on every competency.",
        "sv": "Intressenterna är överens om varje kompetens.",
    },
    "role.mean_level": {"en": "Mean level", "sv": "Medelnivå"},
    "role.spread_level": {"en": "Level spread", "sv": "Nivåspridning"},
    "role.mean_weight": {"en": "Mean weight", "sv": "Medelvikt"},
    "role.spread_weight": {"en": "Weight spread", "sv": "Viktspridning"},
    "role.consensus_level": {"en": "Consensus level", "sv": "Konsensusnivå"},
    "role.consensus_weight": {"en": "Consensus weight", "sv": "Konsensusvikt"},
    "role.radar": {"en": "Every stakeholder's target", "sv": "Varje intressents mål"},
    "role.consensus": {"en": "Consensus", "sv": "Konsensus"},
    "role.level_word": {"en": "level", "sv": "nivå"},
    "role.weight_word": {"en": "weight", "sv": "vikt"},
    "role.ranking": {
        "en": "Whose view counts: the top candidate under each",
        "sv": "Vems syn som gäller: den främsta kandidaten enligt var och en",
    },
    "role.top": {"en": "Top candidate", "sv": "Främsta kandidat"},
    "role.fit": {"en": "Fit %", "sv": "Matchning %"},
    "role.no_fit": {"en": "no candidate scored", "sv": "ingen kandidat bedömd"},
    "role.spearman": {
        "en": "Rank correlation (Spearman) between the stakeholders' rankings",
        "sv": "Rangkorrelation (Spearman) mellan intressenternas rangordningar",
    },
    "role.adopt": {
        "en": "Make the consensus the search's target",
        "sv": "Gör konsensus till rekryteringens mål",
    },
    "role.adopted": {
        "en": "The search's target is now the consensus of {count} stakeholders on {date}.",
        "sv": "Rekryteringens mål är nu konsensus mellan {count} intressenter den {date}.",
    },
}


def t(key: str, lang: str = DEFAULT_LANGUAGE, **fields: object) -> str:
    """The interface text `key` in `lang` ("en" or "sv"), with `{field}`s filled in.

    An unknown key raises KeyError naming it (a typo must fail in tests, not show a raw key);
    an unknown language falls back to English.
    """
    try:
        entry = STRINGS[key]
    except KeyError:
        raise KeyError(f"no interface text for key {key!r}") from None
    text = entry.get(lang, entry[DEFAULT_LANGUAGE])
    return text.format(**fields) if fields else text
