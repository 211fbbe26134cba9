"""receives_funding and programme_budget on single releases: a table of fresh sentences, exact facts.

None of these sentences is taken from a gold file; they were written for this table in the ways German
municipal and state releases state grants: enumerations, bullet and table rows, passives, inverted
order, prepositions after the amount, "jeweils", totals, and every kind of amount that is not a grant
(costs, own contributions, loans, caps, per-head rates, budgets, prices, losses). Each row is one
release; the expectation is the complete set of its funding facts (recipient, amount) and programme
volumes (amount).
"""

from __future__ import annotations

import pytest
from fact_cases import facts_per_case

F = "receives_funding"
B = "programme_budget"

# (id, text, expected receives_funding as (recipient, amount), expected programme_budget amounts)
CASES: list[tuple[str, str, list[tuple[str, str]], list[str]]] = [
    # --- one recipient, the common verbs ---
    ("erhaelt", "Die Stadt Wertheim erhält 120.000 Euro aus dem Programm „Zukunft Innenstadt“.",
     [("Wertheim", "120000")], []),
    ("bekommt", "Die Gemeinde Külsheim bekommt vom Land einen Zuschuss von 48.500 Euro.",
     [("Külsheim", "48500")], []),
    ("no_programme", "Die Gemeinde Grünsfeld erhält knapp 1,2 Millionen Euro.", [("Grünsfeld", "1200000")], []),
    ("geht_an", "Ein Zuschuss über 75.000 Euro geht an die Stadt Creglingen.", [("Creglingen", "75000")], []),
    ("fliessen_nach", "Für den Umbau der Stadthalle fließen 310.000 Euro nach Niederstetten.",
     [("Niederstetten", "310000")], []),
    ("passive_mit", "Weikersheim wird für die Sanierung des Schlossparks mit 95.000 Euro gefördert.",
     [("Weikersheim", "95000")], []),
    ("passive_bedacht", "Mit 64.000 Euro wird die Gemeinde Igersheim aus dem Ausgleichstock bedacht.",
     [("Igersheim", "64000")], []),
    ("bescheid_ueber_an", "Staatssekretärin Anna Vogt übergab einen Förderbescheid über 230.000 Euro an die Stadt "
     "Bad Mergentheim.", [("Bad Mergentheim", "230000")], []),
    ("bescheid_in_hoehe", "Einen Förderbescheid in Höhe von 88.000 Euro erhielt die Gemeinde Assamstadt.",
     [("Assamstadt", "88000")], []),
    ("inverted", "Einen Zuschuss von 52.000 Euro erhält die Stadt Schrozberg für den neuen Spielplatz.",
     [("Schrozberg", "52000")], []),
    ("bewilligt_der_stadt", "Das Regierungspräsidium hat der Stadt Crailsheim 410.000 Euro für die Brücke bewilligt.",
     [("Crailsheim", "410000")], []),
    ("darf_sich_freuen", "Die Gemeinde Satteldorf darf sich über 150.000 Euro für das Dorfgemeinschaftshaus freuen.",
     [("Satteldorf", "150000")], []),
    ("zugesagt", "Der Gemeinde Fichtenau wurden 27.000 Euro für die Feuerwehr zugesagt.", [("Fichtenau", "27000")], []),
    ("zuwendung", "Die Stadt Vellberg erhält eine Zuwendung in Höhe von 18.400 Euro für das Freibad.",
     [("Vellberg", "18400")], []),
    ("soll_erhalten", "Die Stadt Ilshofen soll 2026 rund 600.000 Euro aus der Städtebauförderung erhalten.",
     [("Ilshofen", "600000")], []),
    ("quoted_name_bang", "Die Stadt Gerabronn erhält aus dem Programm „Mehr Grün!“ 30.000 Euro für den Stadtpark.",
     [("Gerabronn", "30000")], []),
    ("quoted_name_question", "Aus dem Wettbewerb „Wer hat die beste Idee?“ bekommt die Gemeinde Stimpfach 5.000 Euro.",
     [("Stimpfach", "5000")], []),
    ("kreis_recipient", "Der Main-Tauber-Kreis erhält vom Bund 1,4 Millionen Euro für den Breitbandausbau.",
     [("Main-Tauber-Kreis", "1400000")], []),
    # --- enumerations ---
    ("enum_three", "Aus dem Programm „Lebendige Orte“ erhält Wertheim 240.000 Euro, Külsheim 95.000 Euro und "
     "Grünsfeld 410.000 Euro.", [("Wertheim", "240000"), ("Külsheim", "95000"), ("Grünsfeld", "410000")], []),
    ("enum_an", "Im Main-Tauber-Kreis können 60.000 Euro an die Gemeinde Igersheim, 35.000 Euro an die Gemeinde "
     "Assamstadt und 1.100.000 Euro an Bad Mergentheim vergeben werden.",
     [("Igersheim", "60000"), ("Assamstadt", "35000"), ("Bad Mergentheim", "1100000")], []),
    ("enum_fliessen", "Davon fließen 45.000 Euro in die Gemeinde Blaufelden und 280.000 Euro nach Schrozberg.",
     [("Blaufelden", "45000"), ("Schrozberg", "280000")], []),
    ("enum_clauses", "Creglingen erhält 70.000 Euro für den Bauhof, nach Niederstetten fließen 120.000 Euro für die "
     "Schule.", [("Creglingen", "70000"), ("Niederstetten", "120000")], []),
    ("enum_jeweils", "Die Gemeinden Kreßberg und Fichtenau bekommen jeweils 40.000 Euro aus dem Ausgleichstock.",
     [("Kreßberg", "40000"), ("Fichtenau", "40000")], []),
    ("enum_locators", "Gefördert werden Satteldorf im Landkreis Schwäbisch Hall mit 80.000 Euro und Igersheim im "
     "Main-Tauber-Kreis mit 50.000 Euro.", [("Satteldorf", "80000"), ("Igersheim", "50000")], []),
    ("two_projects", "Die Stadt Wertheim erhält 200.000 Euro für die Sanierung der Grundschule und 90.000 Euro für den "
     "Neubau des Kindergartens.", [("Wertheim", "200000"), ("Wertheim", "90000")], []),
    ("projects_and_total", "Külsheim erhält 300.000 Euro für das Rathaus und 150.000 Euro für die Turnhalle, insgesamt "
     "450.000 Euro für Külsheim.", [("Külsheim", "300000"), ("Külsheim", "150000"), ("Külsheim", "450000")], []),
    # --- bullet and table rows ---
    ("bullet_rows", "Im Einzelnen werden folgende Gemeinden gefördert:\n• Creglingen (Ortskern): 310.000 Euro\n"
     "• Weikersheim (Altstadt): 1.200.000 Euro\n• Igersheim (Ortsmitte): 95.000 Euro\n",
     [("Creglingen", "310000"), ("Weikersheim", "1200000"), ("Igersheim", "95000")], []),
    ("comma_rows", "Aus dem Ausgleichstock erhalten Zuschüsse:\nVellberg 4.459 Euro, Ilshofen 11.890 Euro\n",
     [("Vellberg", "4459"), ("Ilshofen", "11890")], []),
    ("row_with_kreis", "Bewilligt wurden Zuschüsse für folgende Vorhaben:\n• Gemeinde Blaufelden, Landkreis Schwäbisch "
     "Hall, ca. 284.000 Euro\n• Gemeinde Kreßberg, Landkreis Schwäbisch Hall, ca. 96.000 Euro\n",
     [("Blaufelden", "284000"), ("Kreßberg", "96000")], []),
    ("dash_rows", "Die Förderbescheide im Überblick:\n- Stadt Crailsheim – 520.000 Euro\n- Gemeinde Satteldorf – "
     "73.000 Euro\n", [("Crailsheim", "520000"), ("Satteldorf", "73000")], []),
    # --- mayor as receiver, anaphora, home municipality ---
    ("mayor_genitive", "Wertheim, 3. April 2025 – Einen Förderbescheid über 390.000 Euro überreichte der Minister "
     "an Wertheims Bürgermeister Markus Herrera Torrez.", [("Wertheim", "390000")], []),
    ("anaphora", "Den höchsten Zuschuss erhält die Gemeinde Grünsfeld für ihr neues Feuerwehrhaus. Hier fließen "
     "410.000 Euro.", [("Grünsfeld", "410000")], []),
    ("home_gemeinde", "Külsheim, 4. März 2025. Die Gemeinde erhält vom Land einen Zuschuss von 66.000 Euro für den "
     "Kindergarten.", [("Külsheim", "66000")], []),
    # --- organisations as recipients ---
    ("verein", "Der Sportverein Wertheim erhält einen Zuschuss in Höhe von 2.500 Euro für neue Trikots.",
     [("Sportverein Wertheim", "2500")], []),
    ("zweckverband", "Der Minister hat den Förderbescheid über 50.000 Euro an den Breitband-Zweckverband übergeben.",
     [("Breitband-Zweckverband", "50000")], []),
    ("school", "Die Grundschule Creglingen bekommt 12.000 Euro aus dem Digitalpakt.",
     [("Grundschule Creglingen", "12000")], []),
    # --- totals and programme volumes ---
    ("insgesamt_vergibt", "Insgesamt vergibt der Bund in diesem Jahr etwa 58 Millionen Euro an 29 Gemeinden aus dem "
     "Programm „Starke Dörfer“.", [], ["58000000"]),
    ("stehen_zur_verfuegung", "Für das Programm „Starke Dörfer“ stehen 2025 insgesamt 19 Millionen Euro zur Verfügung.",
     [], ["19000000"]),
    ("stellt_bereit", "Das Land stellt für die Städtebauförderung in diesem Jahr 95 Millionen Euro bereit.",
     [], ["95000000"]),
    ("volumen", "Das Förderprogramm „Digitale Schule“ hat ein Volumen von 2,7 Milliarden Euro.", [], ["2700000000"]),
    ("count_receive_total", "33 Gemeinden erhalten in diesem Jahr insgesamt 65 Millionen Euro aus der "
     "Städtebauförderung.", [], ["65000000"]),
    ("fördert_mit", "Der Freistaat fördert die Dorferneuerung in Unterfranken mit über fünf Millionen Euro.",
     [], ["5000000"]),
    ("kreis_region_total", "Aus dem Ausgleichstock fließen in diesem Jahr 3,1 Millionen Euro in den Main-Tauber-Kreis. "
     "Wertheim erhält 400.000 Euro für die Mensa.", [("Wertheim", "400000")], ["3100000"]),
    ("sum_two_mayors", "Förderbescheide in Höhe von 480.000 Euro hat der Staatssekretär an die Bürgermeister von "
     "Vellberg und Ilshofen übergeben.", [], []),
    ("verteilt_auf", "Aus dem Programm „Starke Dörfer“ werden rund 4,3 Millionen Euro auf 13 Gemeinden verteilt.",
     [], ["4300000"]),
    ("prize", "Die Stadt Wertheim hat einen Umweltpreis ausgelobt. Der Umweltpreis ist mit 4.000 Euro dotiert.",
     [], ["4000"]),
    ("spread_over_houses", "Aus dem Bundesprogramm „Jugend stärken“ fließen 60 Millionen Euro in die rund 300 "
     "Jugendhäuser.", [], ["60000000"]),
    ("spread_after_words", "Aus dem Bundesprogramm „Jugend stärken“ fließen 60 Millionen Euro öffentliche und private "
     "Mittel in die rund 300 Jugendhäuser.", [], ["60000000"]),
    ("project_invests", "Bei dem Projekt „Starke Mitte“ werden drei Millionen Euro in fünf Jahren investiert.",
     [], ["3000000"]),
    ("own_funds_in_programme", "Die Stadt Vellberg investiert im Rahmen des Programms „Starke Mitte“ 2 Millionen Euro "
     "aus eigenen Mitteln.", [], []),
    # --- not funding: costs, contributions, loans, caps, rates, budgets, prices, losses ---
    ("gesamtkosten", "Die Gesamtkosten für die Sanierung der Halle in Wertheim liegen bei 2,4 Millionen Euro.", [], []),
    ("kosten_and_grant", "In Külsheim wird der Umbau der Schule, der Kosten von 900.000 Euro verursacht, mit 300.000 "
     "Euro gefördert.", [("Külsheim", "300000")], []),
    ("investitionsvolumen", "Die Stadt Creglingen rechnet für das neue Baugebiet mit einem Investitionsvolumen von 6 "
     "Millionen Euro.", [], []),
    ("eigenanteil", "Die Stadt Niederstetten erhält 200.000 Euro, der Eigenanteil der Stadt beträgt 80.000 Euro.",
     [("Niederstetten", "200000")], []),
    ("kredit", "Die Gemeinde Igersheim nimmt einen Kredit über 1,5 Millionen Euro auf.", [], []),
    ("darlehen", "Die Stadt Weikersheim erhält ein zinsgünstiges Darlehen über 800.000 Euro.", [], []),
    ("cap_bis_zu", "Gemeinden und Landkreise erhalten jeweils bis zu 15 Millionen Euro pro Projekt.", [], []),
    ("cap_maximal", "Die Stadt Schrozberg kann maximal 200.000 Euro erhalten.", [], []),
    ("per_head", "Jede Gemeinde erhält 70 Euro je Einwohner aus der Pauschale.", [], []),
    ("haushalt", "Der Haushalt der Stadt Crailsheim umfasst 180 Millionen Euro.", [], []),
    ("investiert_eigen", "Die Stadt Vellberg investiert 2 Millionen Euro aus eigenen Mitteln in ihr Freibad.", [], []),
    ("preis", "Der Eintritt ins Freibad Ilshofen kostet 3,50 Euro.", [], []),
    ("verlust", "Die Stadtwerke Bad Mergentheim melden einen Jahresverlust von 287.000 Euro.", [], []),
    ("investitionen_ausgeloest", "Mit den Zuschüssen des Landes sind in Satteldorf Investitionen in Höhe von 4 "
     "Millionen Euro ausgelöst worden.", [], []),
    ("entry_price", "Der Eintrittspreis für das Freibad der Stadt Ilshofen beträgt in diesem Jahr 4 Euro.", [], []),
    ("salary", "Die neue Stelle im Rathaus Blaufelden wird mit einem Gehalt von 4.200 Euro im Monat ausgeschrieben.",
     [], []),
    ("baukosten_passive", "Der Neubau in Fichtenau mit Baukosten von 1,1 Millionen Euro wird mit 440.000 Euro "
     "bezuschusst.", [("Fichtenau", "440000")], []),
    ("no_cue", "Die Stadt Wertheim hat 35.000 Einwohner und einen Schuldenstand von 12 Millionen Euro.", [], []),
    ("spends", "Die Gemeinde Kreßberg gibt in diesem Jahr 250.000 Euro für den Straßenbau aus.", [], []),
    # --- place words that are not recipients ---
    ("ministry_place", "Im Verkehrsministerium in Berlin übergab der Minister einen Förderbescheid über 50.000 Euro "
     "an den Main-Tauber-Kreis.", [("Main-Tauber-Kreis", "50000")], []),
    ("announced_in", "Das teilte die Abgeordnete gestern in Stuttgart mit: Creglingen erhält 90.000 Euro.",
     [("Creglingen", "90000")], []),
    ("facility_in_town", "Die Fördersumme für das Freibad Bräunlingen beträgt 812.000 Euro, die Summe für das "
     "Hallenbad Bräunlingen beziffert sich auf 240.500 Euro und die Fördersumme für die Sanierung des Sportbades in "
     "Hüfingen beziffert sich auf 515.000 Euro.",
     [("Bräunlingen", "812000"), ("Bräunlingen", "240500"), ("Hüfingen", "515000")], []),
    # --- programme volumes ---
    ("each_year_budget", "Für das Programm „Sportstätten 2030“ haben Bund und Land in den Jahren 2024 und 2025 "
     "jeweils 40 Millionen Euro zur Verfügung gestellt.", [], ["40000000"]),
    ("made_available_far_after", "Mit den Beschlüssen für 2024 und 2025 haben wir jeweils 60 Millionen Euro für das "
     "erfolgreiche Programm „Sanierung von Sportstätten und Bädern in Stadt und Land“ zur Verfügung gestellt.",
     [], ["60000000"]),
    ("provided_funds_amount_to", "Die vom Land für das Programm „Starke Ortskerne“ bereitgestellten Fördermittel "
     "betragen 12,5 Millionen Euro.", [], ["12500000"]),
    ("projects_volume_is_cost", "Im Programm „Starke Ortskerne“ hat der Ausschuss Projekte mit einem Gesamtvolumen "
     "von 48 Millionen Euro beschlossen.", [], []),
    # --- across sentences: a pronoun or a bare definite noun takes the recipient named before ---
    ("pronoun_sie", "Die Stadt Bingen hat einen Antrag auf Förderung gestellt. Sie erhält nun 80.000 Euro für den "
     "Radweg.", [("Bingen am Rhein", "80000")], []),
    ("definite_gemeinde", "Die Gemeinde Fuchsstadt plant eine neue Kita. Die Gemeinde bekommt dafür 410.000 Euro vom "
     "Freistaat.", [("Fuchsstadt", "410000")], []),
    ("definite_landkreis", "Landrätin Karin Berger nahm in München den Förderbescheid für den Landkreis Cham entgegen. "
     "Der Landkreis erhält 45.000 Euro.", [("Landkreis Cham", "45000")], []),
    ("definite_verein", "Der Sportverein Mengen baut ein Vereinsheim. Der Verein bekommt dafür 15.000 Euro vom Land.",
     [("Sportverein Mengen", "15000")], []),
    ("sie_after_several", "Die Gemeinden Röttingen und Bütthard haben Anträge gestellt. Sie können von den 90.000 "
     "Euro Fördergeldern profitieren.", [], []),
    # a release about one recipient: a further grant sentence naming nobody is that recipient's; a
    # headline restating the grant is no second grant; a statewide volume is nobody's
    ("sole_recipient", "Für den Ausbau der Kita erhält die Gemeinde Nonnenhorn vom Freistaat 280.000 Euro. Darüber "
     "hinaus unterstützt der Freistaat mit 64.000 Euro weitere Baumaßnahmen am Kinderhaus.",
     [("Nonnenhorn", "280000"), ("Nonnenhorn", "64000")], []),
    ("headline_restates", "Der Bund fördert den Breitbandausbau mit 40.000 Euro\nDie Ministerin übergab den "
     "Förderbescheid über 40.000 Euro an die Gemeinde Sigmarszell.", [("Sigmarszell", "40000")], []),
    ("statewide_volume_not_sole", "Die Gemeinde Opfenbach erhält 90.000 Euro aus dem Ausgleichstock. Aus der "
     "Finanzausgleichsmasse fließen landesweit rund 80 Millionen Euro in den Fonds.", [("Opfenbach", "90000")], []),
    # --- a grant handed to a Landrat goes to his Kreis ---
    ("landrat_bracket", "Der Minister übergab den Förderbescheid über 48.000 Euro an Landrat Peter Kern (Landkreis "
     "Rhön-Grabfeld).", [("Landkreis Rhön-Grabfeld", "48000")], []),
    ("landrat_only_kreis", "Landkreis Haßberge/München. Die Ministerin übergab in München den Bescheid über 36.000 "
     "Euro an Landrat Wilhelm Schneider.", [("Landkreis Haßberge", "36000")], []),
    # --- tables: columns of towns and amounts after an intro line with the cue ---
    ("tab_table", "Die Zuschüsse im Überblick:\nGemeinde\tMaßnahme\tZuschuss\nRöttingen\tAltstadt\t240.000 Euro\n"
     "Tauberrettersheim\tOrtsmitte\t300.000 Euro", [("Röttingen", "240000"), ("Tauberrettersheim", "300000")], []),
    ("aligned_table", "Der Freistaat fördert die Dorferneuerung. Es erhalten:\nKommune                Zuschuss\n"
     "Elfershausen         284.000 Euro\nWartmannsroth         95.000 Euro",
     [("Elfershausen", "284000"), ("Wartmannsroth", "95000")], []),
    ("for_the_fire_brigade", "Nach Grünsfeld fließen 220.000 Euro für die Ersatzbeschaffung eines Fahrzeugs für die "
     "Feuerwehr Grünsfeld.", [("Grünsfeld", "220000")], []),
    # --- classes found on the blind set eval/real-facts-6 (fresh sentences, none from a gold file) ---
    # a club named by a capitalised abbreviation or with a founding year: the club, not its town
    ("club_founding_year", "Der TV 1898 Westhofen erhält 14.500 Euro für die Sanierung der Turnhalle.",
     [("TV 1898 Westhofen", "14500")], []),
    ("club_capitals", "Der VFB Bettingen bekommt 7.800 Euro für neue Flutlichtmasten.",
     [("VFB Bettingen", "7800")], []),
    # a Bescheid handed to a club's chairman is the club's grant
    ("club_through_chairman", "Landrat Hans Meier hat dem ersten Vorsitzenden des SV 1921 Hirschberg, Peter Klein, "
     "einen Förderbescheid über 18.000 Euro für das neue Vereinsheim übergeben.",
     [("SV 1921 Hirschberg", "18000")], []),
    # one amount after coordinated recipients, no "jeweils": a total for several, nobody's grant
    ("coordinated_total", "Die Sportvereine in Trittenheim und Leiwen erhalten zusammen 41.000 Euro Förderung.",
     [], []),
    # "ebenfalls": the amount goes to each of the coordinated recipients
    ("ebenfalls_each", "Die Stadt Wittlich erhält 120.000 Euro, die Gemeinden Platten und Minheim erhalten ebenfalls "
     "120.000 Euro.", [("Wittlich", "120000"), ("Platten", "120000"), ("Minheim", "120000")], []),
    # "unterstützt die Kommune" after a sentence that names the place (also inside a facility's name)
    ("kommune_after_place", "In der Kindertagesstätte Regenbogen in Mömlingen entstehen 30 neue Plätze. Der Freistaat "
     "unterstützt die Kommune dabei mit einer Förderung in Höhe von insgesamt 640 000 Euro.",
     [("Mömlingen", "640000")], []),
    ("kommune_after_facility_name", "In der Kindertagesstätte Elsenfeld entstehen 24 neue Plätze. Der Freistaat "
     "unterstützt die Kommune mit einer Förderung von 512 000 Euro.", [("Elsenfeld", "512000")], []),
    # a rounded restatement of the exact grant is the same grant
    ("rounded_restatement", "Mit rund 2,3 Millionen Euro wird die neue Kita gefördert. Der Freistaat unterstützt die "
     "Gemeinde Großwallstadt mit einer Förderung in Höhe von 2 284 000 Euro.", [("Großwallstadt", "2284000")], []),
    # a Bescheid for one body is that body's grant and no volume (a one-word compound of a body head
    # names the body); the parts of the split are its grants too (eval/real-facts-6 convention); a
    # per-member rate is none
    ("bescheid_split_rate", "Innenminister Armin Schuster hat dem Kreisfeuerwehrverband einen Zuwendungsbescheid über "
     "90.000 Euro übergeben. Von den 90.000 Euro sind 60.000 Euro für die Jugendarbeit vorgesehen. Außerdem "
     "erhalten die Gemeinden 15 Euro je Jugendfeuerwehrmitglied.",
     [("Kreisfeuerwehrverband", "90000"), ("Kreisfeuerwehrverband", "60000")], []),
    # the Feuerwehr named after its town and the town, with one amount: one grant
    ("fire_brigade_and_town", "Mehr als 9.000 Euro für Zwönitz\n\nInnenminister Armin Schuster hat der Freiwilligen "
     "Feuerwehr Zwönitz einen Fördermittelbescheid in Höhe von über 9.000 Euro übergeben.", [("Zwönitz", "9000")], []),
    # --- classes found on the blind set eval/real-facts-8 (fresh sentences, none from a gold file) ---
    # a negative cue ("Kredit") before a new coordinated clause governs its own clause, not the next grant
    ("clause_after_credit", "Die Stadt Alsfeld erhielt 900.000 Euro zur Ablösung eines Kredits und Romrod durfte sich "
     "über 45.000 Euro für ein neues Feuerwehrauto freuen.", [("Alsfeld", "900000"), ("Romrod", "45000")], []),
    # the one recipient of a grant sentence without amount takes the funder's amount of the next sentence
    ("announced_recipient", "Auch ein Vorhaben der Gemeinde Feldatal wird gefördert. Mit 85.000 Euro bezuschusst das "
     "Land den Umbau des Dorfplatzes.", [("Feldatal", "85000")], []),
    ("announced_needs_funder", "Auch ein Vorhaben der Gemeinde Feldatal wird gefördert. Insgesamt kostet der Umbau "
     "des Dorfplatzes 85.000 Euro.", [], []),
    # the municipality's own budget plan is no grant
    ("own_budget_plan", "Die Gemeinde Mücke erhält 60.000 Euro vom Land. Im Haushalt der Gemeinde waren für das "
     "Projekt 80.000 Euro aus Fördermitteln eingeplant.", [("Mücke", "60000")], []),
    # the money applied for is no volume
    ("demand_no_volume", "Das Land fördert 2024 insgesamt 90 kommunale Bäderprojekte mit Zuschüssen von 14 Millionen "
     "Euro. Insgesamt lagen 150 Anträge mit einem Förderbedarf von 33 Millionen Euro vor.", [], ["14000000"]),
    # "im Umfang von" and a passive over a counted set of projects state a volume
    ("volume_umfang", "Das Land Hessen hat ein neues Dorfladen-Förderprogramm im Umfang von 6 Millionen Euro "
     "aufgelegt.", [], ["6000000"]),
    ("volume_counted_passive", "Im Jahr 2024 werden insgesamt 75 kommunale Schwimmbadprojekte mit Zuschüssen in Höhe "
     "von rund 9,2 Millionen Euro unterstützt.", [], ["9200000"]),
    # a grant stated with its recipient's name never yields to a headline sum only inferred to be theirs
    ("named_over_inferred", "Staatssekretär überreicht Förderbescheide über 2 Millionen Euro\n\nUlrichstein erhielt "
     "Fördermittel über 1,9 Millionen Euro für den Neubau des Bürgerhauses.", [("Ulrichstein", "1900000")], []),
    # "die finanzschwache Gemeinde": an adjective between article and head still refers back; "kommen aus
    # dem …" states where a further grant comes from
    ("antecedent_with_adjective", "Die Gemeinde Dürnau saniert ihre Halle. Für die neue Heizung bekommt die "
     "finanzschwache Gemeinde 68.000 Euro aus dem Ausgleichstock. Weitere 12.400 Euro kommen aus dem "
     "Investitionsprogramm des Bundes.", [("Dürnau", "68000"), ("Dürnau", "12400")], []),
    # support toward costs: the amount after "mit" is the grant, not a cost figure
    ("support_toward_costs", "Die Landesstiftung will die Stadt Aichach bei den Baukosten mit 210 000 Euro "
     "unterstützen.", [("Aichach", "210000")], []),
    # a lower bound is no rounding of a rounder sum: both are grants
    ("bound_not_rounding", "Die Stiftung unterstützt die Stadt Aichach mit mehr als 270 000 Euro. Damit hat Aichach "
     "bisher Zuschüsse in Höhe von 300 000 Euro bekommen.", [("Aichach", "270000"), ("Aichach", "300000")], []),
]


@pytest.fixture(scope="module")
def facts_by_case(nlp, tmp_path_factory) -> dict[str, tuple[list[tuple[str, str]], list[str]]]:
    per_case = facts_per_case(nlp, tmp_path_factory.mktemp("funding-cases"), [(c[0], c[1]) for c in CASES])
    return {case_id: ([(name, f.value) for f, name in facts if f.predicate == F],
                      [f.value for f, _ in facts if f.predicate == B]) for case_id, facts in per_case.items()}


def test_table_has_at_least_sixty_sentences():
    assert len(CASES) >= 60
    assert len({c[0] for c in CASES}) == len(CASES)


@pytest.mark.parametrize(("case_id", "text", "funding", "budgets"), CASES, ids=[c[0] for c in CASES])
def test_funding_and_budget_facts(facts_by_case, case_id, text, funding, budgets):
    got_funding, got_budgets = facts_by_case[case_id]
    assert sorted(got_funding) == sorted(funding)
    assert sorted(got_budgets) == sorted(budgets)


def test_grant_programme_prefers_a_described_programme_with_a_topic(nlp, tmp_path):
    """A generic "Förderprogrammen" before a programme with a topic: the grant is the topic's."""
    from fact_cases import _facts_by_case

    text = ("Das Land hat neben bestehenden Förderprogrammen ein neues Landes-Dorfladen-Investitionsprogramm "
            "aufgelegt.\n\nDie Gemeinde Feldatal hat den ersten Zuwendungsbescheid über 40.000 Euro erhalten.")
    got = [(f.value, names.get(f.object_id, "")) for _, f, names in _facts_by_case(nlp, tmp_path, [("c", text)])
           if f.predicate == F]
    assert got == [("40000", "Landes-Dorfladeninvestitionsprogramm")]
