/**
 * The keyword rules of the deterministic classifier, as data. Each pattern is a regular expression
 * fragment matched on the normalized text (lower case, no accents) at the start of a word; `$` inside a
 * fragment is not used — add `\b`-style endings with `(?!\p{L})` where a stem would over-match.
 * Weights: 1 = a phrase that says the intent on its own, 0.5 = a hint, 1.5 = a phrase that overrides
 * the nouns it usually comes with ("cancel my booking" is a cancellation, not a booking).
 */
import type { IntentName } from "@/db/schema";

export interface IntentRule {
  intent: IntentName;
  weight: number;
  patterns: string[];
}

const END = "(?!\\p{L})";

export const INTENT_RULES: IntentRule[] = [
  // booking_request
  {
    intent: "booking_request",
    weight: 1,
    patterns: [
      `book(?:ing)? (?:a|an|one|two|three|some|\\d+|the|me|us|for|in)${END}`, `book (?:him|her|them)${END}`, `put (?:me|us|him|her|them) down`, `(?:je cherche|busco|ich suche|wir suchen|cerco|cerchiamo|looking for|searching for) `, `(?:iniziare|cominciare|start(?:ing)?|commencer|empezar) (?:\\w+ )?(?:lezion|lesson|cours|clases|unterricht)`, `organizzare (?:un|una|delle|dei|qualche)`, `trag(?:e|t)? (?:mich|uns|ihn|sie)`, `eintragen`, `(?:me|nous|la|le|les) mettre sur`, `apunt`, `cursillo`, `(?:me|nos) (?:puedes|podrias|puede|podria) (?:dar|reservar|hacer)`, `(?:je peux|on peut|peut-on|pourrais-je) (?:te|vous) (?:prendre|reserver)`, `(?:like|want|love|hoping) to book`, `can i book`,
      `reserve`, `sign (?:me|us|him|her|them) up`, `(?:i'd|i would|we'd|we would) like (?:a|an|to (?:take|have|do|try|get)) (?:\\w+ )?(?:lesson|class|session|course|lessons)`,
      `(?:looking for|interested in) (?:a |an |some )?(?:\\w+ )?(?:lesson|lessons|class|classes|instructor|course)`,
      `prenot`, `vorrei (?:fare|prendere|prenotare|organizzare) `, `vorremmo (?:fare|prendere|prenotare)`, `lezion[ei] (?:privat[ae]|di gruppo|per)`,
      `riservare`, `iscriver`, `fissare (?:una|la|delle) lezion`, `(?:vorrei|vorremmo|volevo) (?:una|delle|qualche) lezion`,
      `buchen`, `gebucht`, `reservier`, `(?:mochte|moechte|mochten|moechten|wurde|wurden|wuerde|wuerden) (?:gerne |gern )?(?:eine |ein paar |zwei |drei )?(?:\\w+)?(?:stunde|kurs|unterricht)`,
      `privatstunde`, `anmelden`, `termin (?:vereinbaren|ausmachen)`, `(?:einen|ein) (?:kurs|unterricht)`,
      `reserver`, `je voudrais (?:un|des|prendre|reserver|faire|inscrire)`, `nous voudrions (?:un|des|prendre|reserver|faire)`, `inscri`,
      `cours (?:particulier|prive|collectif)s? pour`, `booker`,
      `reservar`, `quisiera (?:una|unas|reservar|apuntar|hacer|contratar)`, `quiero (?:reservar|apuntar|contratar|una clase|clases)`,
      `queremos (?:reservar|apuntar|contratar|una clase|clases|hacer)`, `apuntar`, `contratar`, `clases? (?:particular|privada|de grupo)e?s? para`,
    ],
  },
  { intent: "booking_request", weight: 0.5, patterns: [`private (?:lesson|class|session)s? for`, `lessons? for (?:my|me|us|two|three|four|\\d)`, `learn to`, `(?:i'd|i would|we'd|we would) like`, `vorrei`, `vorremmo`, `je voudrais`, `j'aimerais`, `nous (?:souhaiterions|voudrions|aimerions)`, `quisiera`, `me gustaria`, `queremos`, `(?:wurden|wurde|wuerden|wuerde|mochten|moechten|mochte|moechte|hatte|hatten) gerne?${END}`, `~unterricht`, `~kurs${END}`, `~stunden?${END}`, `corso`, `stage${END}`, `curso`, `booking`, `reservation`, `reservierung`, `prenotazione`, `reserva`, `lesson`, `lezione`, `unterricht`, `cours`, `clase`] },
  // availability_question
  {
    intent: "availability_question",
    weight: 1,
    patterns: [
      `availab`, `fully booked`, `anything (?:left|free|available)`, `next (?:opening|available|free|slot|possible)`, `openings?${END}`, `what days`, `which days`, `ausgebucht`, `(?:nachste|naechste)n? (?:mogliche|moegliche|freie)n? (?:termin|tag)`, `arbeitest du`, `welchen tagen`, `quels jours`, `travaill(?:ez|es)${END}`, `complet${END}`, `prochaine (?:date|disponibilite|place)`, `buco`, `lavori${END}`, `in ferie`, `(?:prima|prossima) data (?:utile|disponibile|libera)`, `che giorni`, `que dias`, `trabajas`, `lleno`, `completo`, `proxima fecha`, `free (?:on|this|next|tomorrow|today|in|at|for|slot)`, `(?:any|still have|have any|got any|are there) (?:free )?(?:slots?|spots?|openings?|space|room|places?|time)`,
      `do you have (?:time|space|room|anything|a slot|a spot|any)`, `are you (?:free|around|working|teaching|open)`, `(?:is|are) there (?:still )?(?:any )?(?:space|room|spots?|places?)`,
      `when (?:are you|could you|can you|would you be) (?:free|available)`, `(?:fully )?booked up`, `what times`, `which days`,
      `disponibil`, `liber[oaie] (?:sabato|domenica|lunedi|martedi|mercoledi|giovedi|venerdi|domani|oggi|questo|questa|la prossima|il|nel|per)`,
      `(?:hai|avete|c'e|ce|ci sono|ci sarebbe) (?:ancora )?(?:posto|posti|un buco|spazio|tempo)`, `posti liberi`, `sei liber[oa]`, `siete liberi`, `quando (?:sei|sareste|saresti) liber`, `orari liberi`,
      `frei (?:am|diese|naechste|nachste|morgen|heute|am|zwischen|fur|fuer)`, `verfugbar`, `verfuegbar`, `noch (?:platz|plaetze|platze|termine|was frei|etwas frei|frei)`,
      `(?:hast du|haben sie|habt ihr) (?:am \\w+ )?(?:noch )?(?:zeit|platz|einen termin|termine|was frei)`, `freie (?:termine|platze|plaetze|zeit)`, `wann (?:hast du|haben sie|habt ihr) zeit`,
      `disponib`, `libre (?:samedi|dimanche|lundi|mardi|mercredi|jeudi|vendredi|demain|ce |cette|la semaine)`, `de la place`, `des places`, `creneau`, `reste-t-il`, `il reste`,
      `libre (?:el|este|esta|manana|sabado|domingo|lunes|martes|miercoles|jueves|viernes)`, `hueco`, `plazas? libre`, `(?:tienes|tiene|teneis|queda|quedan|hay) (?:algun |alguna )?(?:sitio|hueco|huecos|plaza|plazas|tiempo|disponibilidad)`,
    ],
  },
  { intent: "availability_question", weight: 0.5, patterns: [`free${END}`, `slot`, `liber[oaie]${END}`, `frei${END}`, `libre${END}`, `zeit${END}`] },
  // price_question
  { intent: "price_question", weight: 1.5, patterns: [`how much`, `quanto (?!dura|tempo)`, `wie ?viel`, `was kostet`, `combien(?! de temps)`, `cuanto (?!dura|tiempo)`] },
  {
    intent: "price_question",
    weight: 1,
    patterns: [
      `price`, `pricing`, `cost`, `set (?:me|us) back`, `scont`, `rates?${END}`, `fees?${END}`, `charge`, `discount`, `package (?:deal|price)`, `per hour`, `hourly`,
      `prezz`, `costo`, `costa${END}`, `costano`, `tariff`, `listino`, `sconto`, `all'ora`,
      `preis`, `kost`, `tarif`, `gebuhr`, `gebuehr`, `rabatt`, `pro stunde`,
      `prix`, `tarif`, `cout`, `remise`, `par heure`,
      `precio`, `tarifa`, `cuesta`, `coste`, `descuento`, `por hora`,
    ],
  },
  { intent: "price_question", weight: 0.5, patterns: [`euro`, `€`, `chf`, `expensive`, `caro${END}`, `teuer`, `cher${END}`, `pay`, `pagare`, `bezahlen`, `payer`, `pagar`] },
  // reschedule
  {
    intent: "reschedule",
    weight: 1.5,
    patterns: [
      `reschedul`, `(?:half an hour|an hour|\\d+ min\\w*) (?:later|earlier)`, `plus tard`, `plus tot`, `mas tarde`, `mas temprano`, `spater`, `spaeter`, `fruher`, `piu tardi`, `piu presto`, `invece che`, `report(?:er|e|ons|ez)${END}`, `(?:lo |la )?dej(?:amos|ar|arlo|arla) para`, `pasar (?:la|el) \\w+ (?:del|de) `, `move (?:the|our|my|it|tomorrow|today|saturday|sunday|\\w+'s)`, `change (?:the|my|our) (?:time|date|day|lesson|booking|slot|class)`, `postpone`, `push (?:it|the lesson|our lesson|back)`,
      `bring (?:it )?forward`, `another (?:day|time|date)`, `(?:a )?different (?:day|time|date)`, `(?:later|earlier) (?:time|slot|start)`, `start (?:later|earlier)`, `instead${END}`,
      `spostare`, `spostarla`, `spostarlo`, `spostiamo`, `rimandare`, `rimandiamo`, `rinviare`, `cambiare (?:il giorno|l'orario|orario|la data|l'ora|giorno|data)`, `anticipare`, `posticipare`, `invece d`, `un altro giorno`, `un'altra data`, `un altro orario`,
      `verschieben`, `verlegen`, `umbuchen`, `(?:anderen|anderer|andere) (?:tag|termin|uhrzeit|zeit)`, `stattdessen`, `statt${END}`, `(?:termin|uhrzeit) (?:andern|aendern)`, `vorverlegen`, `spater anfangen`, `fruher anfangen`,
      `deplacer`, `decaler`, `changer (?:l'heure|la date|de jour|le creneau|d'horaire|l'horaire|le jour)`, `avancer`, `au lieu d`, `un autre jour`, `une autre date`, `un autre creneau`,
      `cambiar (?:la hora|el dia|la fecha|la clase|de dia|de hora|la reserva)`, `mover (?:la|el)`, `aplazar`, `posponer`, `adelantar`, `retrasar`, `en vez de`, `en lugar de`, `otro dia`, `otra hora`, `otra fecha`,
    ],
  },
  // cancellation
  {
    intent: "cancellation",
    weight: 1.5,
    patterns: [
      `cancel`, `(?:can't|cant|cannot|can not|won't be able to) (?:come|attend)`, `take (?:me|us|him|her|them) off`, `can't make it`, `cant make it`, `cannot make it`, `won't make it`, `will not make it`, `won't be able to (?:come|make|attend)`, `not (?:be )?coming`, `call (?:it|the lesson) off`, `drop out`, `have to (?:skip|miss)`,
      `annull`, `disdir`, `disdetta`, `cancellare`, `non (?:posso|possiamo|riesco|riusciamo|potro|potremo|potremmo|potrei) (?:piu )?(?:venire|esserci|partecipare|fare la lezione)`, `non ce la (?:faccio|facciamo)`, `rinunciare`, `rinunciamo`,
      `stornier`, `absagen`, `absage`, `sage (?:\\w+ )?ab`, `sagen (?:\\w+ )?ab`, `storno`, `abmelden`, `nicht kommen`, `schaffen es nicht`, `faellt aus`, `fallt aus`, `nicht teilnehmen`,
      `annuler`, `annulation`, `annule`, `ne (?:pourrai|pourrons|pourra|peux|pouvons) pas venir`, `pas venir`, `desister`, `empeche`,
      `cancelar`, `cancelacion`, `anular`, `no (?:podre|podremos|puedo|podemos|voy a poder|vamos a poder) (?:ir|venir|asistir)`, `no voy a poder`, `no vamos a poder`,
    ],
  },
  // complaint
  { intent: "complaint", weight: 1, patterns: [`terrible`, `awful`, `crying`, `piangend`, `weinend`, `en pleurant`, `llorando`, `charged`, `cobrad`, `addebitat`, `debit`, `abgebucht`, `nobody (?:answers|replies|came|showed)`, `no one (?:answers|replies|came|showed)`, `nadie (?:contesta|responde|vino|aparecio)`, `personne (?:ne repond|n'est venu)`, `(?:keiner|niemand) (?:antwortet|kam|war da)`, `nessuno (?:risponde|e venuto|si e presentato)`, `shout`, `yelled`, `angeschrien`, `angeschrieen`, `grito`, `crie`, `urlat`, `(?:pas|non e|no es) normal`, `so geht das nicht`, `non e serio`, `pas serieux`] },
  {
    intent: "complaint",
    weight: 1.5,
    patterns: [
      `disappoint`, `unacceptable`, `complain`, `without (?:telling|notice|warning|letting)`, `senza (?:avvisare|preavviso)`, `sans prevenir`, `sin avisar`, `ohne (?:bescheid|vorwarnung)`, `rude`, `worst`, `not (?:happy|ok|okay|acceptable|impressed)`, `unhappy`, `waste of`, `never (?:showed|came|turned up)`, `no-show`,
      `didn't (?:show|come|turn up|bother)`, `(?:we|i) waited`, `ridiculous`, `unprofessional`, `very poor`, `not what (?:we|i) paid`,
      `delus[oaie]`, `inaccettabil`, `lamentel`, `reclamo`, `pessim`, `vergogn`, `maleducat`, `non (?:sono|siamo) (?:per niente |affatto )?(?:soddisfatt|content)`, `(?:abbiamo|ho) aspettato`, `non si e presentat`, `scandalos`, `ridicol`, `poco professional`,
      `enttauscht`, `enttaeuscht`, `unmoglich`, `unmoeglich`, `beschwer`, `inakzeptabel`, `frechheit`, `unverschamt`, `unverschaemt`, `nicht zufrieden`, `unzufrieden`, `(?:haben|habe) (?:\\w+ )?gewartet`, `nicht erschienen`, `argerlich`, `unprofessionell`, `sehr schlecht`,
      `decu`, `inadmissible`, `inacceptable`, `plainte`, `reclamation`, `honteux`, `scandaleux`, `pas (?:content|satisfait|serieux)`, `(?:avons|ai) attendu`, `impoli`, `pas professionnel`,
      `decepcion`, `inaceptable`, `queja`, `reclamacion`, `vergonzoso`, `verguenza`, `maleducad`, `no (?:estoy|estamos) (?:nada )?(?:content|satisfech)`, `(?:estuvimos|estuve) esperando`, `esperamos (?:mas|una|media)`, `fatal`, `pesim`, `poco profesional`,
    ],
  },
  // general_question: topical words; a bare "?" is added by the classifier when nothing else matched.
  {
    intent: "general_question",
    weight: 1,
    patterns: [
      `bring`, `what happens if`, `cosa succede se`, `que se passe-t-il`, `que pasa si`, `was passiert`, `equipment`, `gear`, `rent${END}`, `rental`, `hire (?:skis|boards|equipment|a board|gear)`, `parking`, `park${END}`, `where (?:do|should|shall|is|are)`, `meeting point`, `insurance`, `what (?:level|age|should|do i|do we)`,
      `how long`, `minimum age`, `do i need`, `do we need`, `is it (?:ok|suitable|possible)`, `wetsuit`, `helmet`, `lift pass`, `ski pass`, `beginners?${END}`, `weather`, `if it rains`, `license`, `licence`,
      `portare`, `attrezzatura`, `noleggi`, `parcheggi`, `ritrovo`, `ci vediamo dove`, `dove (?:ci|si|e|sei|vi)`, `assicurazion`, `che livello`, `quanti anni`, `quanto dura`, `serve (?:il|la|lo|un|una)`, `bisogna`, `casco`, `skipass`, `muta${END}`, `principiant`, `meteo`, `se piove`, `patente`,
      `mitbringen`, `ausrustung`, `ausruestung`, `leihen`, `ausleihen`, `parken`, `parkplatz`, `treffpunkt`, `wo (?:treffen|ist|sind|genau)`, `versicherung`, `welches niveau`, `wie lange`, `brauche ich`, `brauchen wir`, `helm${END}`, `skipass`, `neoprenanzug`, `anfanger`, `wetter`, `wenn es regnet`, `fuhrerschein`,
      `apporter`, `materiel`, `louer`, `location de`, `se garer`, `parking`, `rendez-vous`, `ou (?:est|se trouve|on se|se retrouve)`, `assurance`, `quel niveau`, `combien de temps`, `faut-il`, `faut il`, `il faut (?:un|une|des|le|la)`, `casque`, `combinaison`, `debutant`, `meteo`, `s'il pleut`, `permis`,
      `llevar`, `equipo`, `alquil`, `aparcar`, `aparcamiento`, `punto de encuentro`, `donde (?:nos|es|esta|quedamos)`, `seguro${END}`, `que nivel`, `cuanto dura`, `necesito`, `necesitamos`, `hace falta`, `casco`, `neopreno`, `principiante`, `tiempo que hace`, `si llueve`, `carnet`,
    ],
  },
  // greeting_thanks: counted only when nothing else matched.
  {
    intent: "greeting_thanks",
    weight: 1,
    patterns: [
      `thanks`, `thank you`, `thx`, `cheers`, `hi${END}`, `hello`, `hey${END}`, `good (?:morning|evening|afternoon)`, `great${END}`, `perfect`, `see you`, `awesome`, `brilliant`, `lovely`, `sounds good`, `all good`, `had a great`, `loved`,
      `grazie`, `ciao`, `buongiorno`, `buonasera`, `perfetto`, `a presto`, `ottimo`, `a domani`, `salve`, `gentilissim`, `fantastic`, `bellissim`, `ci vediamo`,
      `danke`, `dank${END}`, `hallo`, `guten (?:morgen|tag|abend)`, `super${END}`, `perfekt`, `bis (?:morgen|dann|bald|samstag|sonntag)`, `servus`, `grusse`, `gruss`, `moin`, `toll${END}`, `wunderbar`, `klasse`,
      `merci`, `bonjour`, `bonsoir`, `salut`, `parfait`, `a bientot`, `a demain`, `genial`, `top${END}`, `trop bien`,
      `gracias`, `hola`, `buenos dias`, `buenas`, `perfecto`, `hasta (?:manana|pronto|luego|el)`, `vale${END}`, `estupendo`, `genial`,
      `👍`, `🙏`, `😊`, `🙂`, `❤️`, `😀`, `👌`,
    ],
  },
];

/** Words that always send the message to a human (policy data: refunds and safety). */
export const FLAG_RULES: { flag: "refund" | "safety"; patterns: string[] }[] = [
  {
    flag: "refund",
    patterns: [
      `refund`, `money back`, `reimburs`, `chargeback`,
      `rimbors`, `soldi indietro`, `restituire i soldi`, `restituzione`,
      `ruckerstatt`, `rueckerstatt`, `erstatten`, `erstattung`, `geld zuruck`, `geld zurueck`,
      `rembours`, `argent en retour`,
      `reembols`, `devolucion`, `devolver (?:el|mi|nuestro) dinero`, `devuelvan`,
    ],
  },
  {
    flag: "safety",
    patterns: [
      `injur`, `hurt`, `accident`, `ambulance`, `hospital`, `unsafe`, `dangerous`, `bleeding`, `emergency`, `avalanche`, `concussion`, `broke (?:his|her|my|a) (?:leg|arm|wrist|ankle)`, `sprain`,
      `ferit`, `infortun`, `incidente`, `(?:si e|mi sono|si sono|mi ha|si ha) fatt[oa] male`, `ospedale`, `pericolos`, `emergenza`, `valanga`, `pronto soccorso`,
      `verletz`, `unfall`, `krankenhaus`, `gefahrlich`, `gefaehrlich`, `notfall`, `lawine`, `notarzt`,
      `bless`, `hopital`, `dangereu`, `urgence`, `avalanche`, `entorse`,
      `herid`, `lesion`, `hospital`, `peligros`, `emergencia`, `avalancha`, `urgencias`, `se hizo dano`, `esguince`,
    ],
  },
];
