/**
 * The keyword rules of the deterministic classifier, as data. Each pattern is a regular expression
 * fragment matched on the normalized text (lower case, no accents) at the start of a word; `$` inside a
 * fragment is not used — add `\b`-style endings with `(?!\p{L})` where a stem would over-match.
 * Weights: 1 = a phrase that says the intent on its own, 0.5 = a hint, 1.5 = a phrase that overrides
 * the nouns it usually comes with ("cancel my booking" is a cancellation, not a booking).
 */
import type { IntentName } from "@/lib/vocabulary";

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
      `book(?:ing)? (?:a|an|one|two|three|some|\\d+|the|me|us|for|in)${END}`, `book (?:him|her|them)${END}`, `put (?:me|us|him|her|them) down`, `(?:je cherche|busco|ich suche|wir suchen|cerco|cerchiamo|looking for|searching for) `, `(?:iniziare|cominciare|start(?:ing)?|commencer|empezar) (?:\\w+ )?(?:lezion|lesson|cours|clases|unterricht)`, `organizzare (?:un|una|delle|dei|qualche)`, `trag(?:e|t)? (?:mich|uns|ihn|sie)`, `eintragen`, `(?:me|nous|la|le|les) mettre sur`, `apunt`, `cursillo`, `(?:me|nos) (?:puedes|podrias|puede|podria) (?:dar|reservar|hacer)`, `(?:je peux|on peut|peut-on|pourrais-je) (?:te|vous) (?:prendre|reserver)`, `(?:like|want|love|hoping) to book`, `can i book`, `(?:can|could) (?:i|we) (?:grab|get|have|do|take) (?:a|an|one|two|three|\\d+\\w*|some)${END}`, `(?:mi|ci) mett[ie] giu`,
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
      // joining a group, being taken on, setting something up
      `join (?:the|your|a|an|in|us|you)${END}`, `(?:take|fit) (?:me|us|him|her|them) (?:on|in)${END}`, `fancy (?:a|an|some|doing|having|trying)${END}`,
      `(?:can|could) (?:we|you|i) (?:sort|arrange|set up|organi[sz]e|book)${END}`, `(?:sort|set) (?:up|out) (?:a|an|some|\\d+|lessons?)${END}`,
      `(?:would|could|can|will) (?:you|u) (?:teach|coach|guide|take) (?:me|us|him|her|them|my|our)`, `(?:want|wanna|would love|keen|hoping) to (?:learn|try|start|have a go)`,
      `get (?:him|her|them|me|us)? ?started`, `(?:lessons?|classes|sessions?) with you`, `day of (?:\\w+ )?(?:guiding|skiing|sailing|surfing|riding|coaching)`,
      `(?:partecipare|entrare|unir(?:si|mi|ci)|aggregar(?:si|mi|ci)) (?:a|al|alla|alle|ai|nel|nella|con)${END}`, `(?:ci|mi|gli|le) faresti`, `(?:potrebbe|potresti|puoi|puo) (?:seguir|insegnar|portar|prender|accompagnar)`,
      `(?:vorrei|vorremmo|volevo|volevamo|vuole) (?:imparare|provare|iniziare|cominciare|organizzare)`, `(?:si puo|si potrebbe|possiamo) organizzare`, `ci stai${END}`,
      `mitmachen`, `(?:teilnehmen|dabei sein)`, `(?:hatten|haetten|hatte|haette) (?:\\w+ )?(?:lust|interesse)`, `(?:lasst|laesst) sich (?:das|so was|sowas|etwas) (?:machen|einrichten|organisieren)`,
      `(?:kannst du|konnen sie|koennen sie|konntest du|koenntest du|konnten sie|koennten sie) (?:\\w+ )?(?:\\w+ )?(?:nehmen|unterrichten|mitnehmen|begleiten|einplanen|eintragen|einbuchen|anmelden)`,
      `(?:will|mochte|moechte|mochten|moechten|wurde gern|wuerde gern) (?:\\w+ )?(?:\\w+ )?lernen`,
      `rejoindre`, `participer`, `(?:on|nous|j') ?aimer(?:ait|ions|ais) (?:bien )?(?:un|une|des|faire|prendre|essayer|tester|apprendre|commencer)${END}`, `c'est jouable`,
      `(?:tu|vous) (?:pourrai(?:s|ez)|peux|pouvez) (?:nous|me|la|le|les|l') ?(?:prendre|caser|inscrire|accompagner|emmener)`, `prendre des cours`, `(?:envie|souhaite|souhaitons) (?:de )?(?:prendre|faire|apprendre|essayer|commencer)`,
      `unir(?:se|me|nos)`, `apuntar(?:se|me|nos|la|lo)`, `(?:nos|me|la|lo) apuntas`, `(?:nos|me) apetece`, `se puede organizar`, `organizar (?:una|un|unas|unos)`,
      `(?:nos|me|le|la) (?:puedes|podrias|puede|podria) (?:dar|hacer|llevar|ensenar|coger|guiar)`, `(?:queremos|quiero|quisieramos) (?:aprender|probar|empezar)`,
      `(?:squeeze|fit|slot) (?:me|us|him|her|them) in`, `tag along`, `(?:hold|save|keep) (?:me|us) (?:a|two|\\d+) (?:spot|place|seat)`, `room for (?:one|two|me|us|\\d)`,
      `(?:mi|ci) aggiung`, `aggiunger(?:mi|ci)`, `(?:mi|ci) tieni (?:\\w+ )?post`, `tener(?:mi|ci) (?:\\w+ )?post`,
      `gerne? dabei`, `reinquetschen`, `dazwischenschieben`, `(?:me|nous) joindr`, `(?:nous|me) glisser`, `(?:nos|me) (?:puedes|podrias|puede|podria) meter`, `me apunto`, `nos apuntamos`,
    ],
  },
  { intent: "booking_request", weight: 0.5, patterns: [`private (?:lesson|class|session)s? for`, `lessons? for (?:my|me|us|two|three|four|\\d)`, `learn to`, `(?:i'd|i would|we'd|we would) like`, `vorrei`, `vorremmo`, `je voudrais`, `j'aimerais`, `nous (?:souhaiterions|voudrions|aimerions)`, `quisiera`, `me gustaria`, `queremos`, `(?:wurden|wurde|wuerden|wuerde|mochten|moechten|mochte|moechte|hatte|hatten) gerne?${END}`, `~unterricht`, `~kurs${END}`, `~stunden?${END}`, `corso`, `stage${END}`, `curso`, `booking`, `reservation`, `reservierung`, `prenotazione`, `reserva`, `lesson`, `lezione`, `unterricht`, `cours`, `clase`, `learn${END}`, `imparare`, `lernen`, `apprendre`, `aprender`, `try (?:out )?(?:surfing|skiing|sailing|kite|paddle)`, `provare`, `ausprobieren`, `essayer`, `tester`, `probar`] },
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
      `(?:hast du|haben sie|habt ihr) (?:[\\w.]+ ){0,3}(?:zeit|platz|einen termin|termine|was frei)`, `freie (?:termine|platze|plaetze|zeit)`, `wann (?:hast du|haben sie|habt ihr) zeit`,
      `disponib`, `libre (?:samedi|dimanche|lundi|mardi|mercredi|jeudi|vendredi|demain|ce |cette|la semaine)`, `de la place`, `des places`, `creneau`, `reste-t-il`, `il reste`,
      `libre (?:el|este|esta|manana|sabado|domingo|lunes|martes|miercoles|jueves|viernes)`, `hueco`, `plazas? libre`, `(?:tienes|tiene|teneis|queda|quedan|hay) (?:algun |alguna )?(?:sitio|hueco|huecos|plaza|plazas|tiempo|disponibilidad)`,
      `(?:got|have|any) (?:a |an |any )?(?:gap|opening|space)s?${END}`, `gaps?${END}`, `are you (?:\\w+ )?(?:teaching|working|around|about|in town|away|off|open|free)`, `or (?:are you )?(?:away|off|on holiday)${END}`,
      `when (?:are you|can you|could you) (?:\\w+ )?(?:free|around|available|teach)`, `when (?:can|could) (?:we|i) (?:come|start)`,
      `un'?ora libera`, `(?:insegni|lavori|lavorate|insegnate|sei operativ[oa]|sei in zona|sei su|sei via|sarai via)${END}`, `(?:ce l'hai|avresti|avete|hai) (?:\\w+ )?(?:un'ora|un buco|un momento|posto|tempo)`, `quando (?:sei|sarai|posso|possiamo) (?:venire|liber)`,
      `lucke`, `luecke`, `unterrichtest du`, `(?:bist du|sind sie|seid ihr) (?:\\w+ )?(?:\\w+ )?(?:weg|im urlaub|verfugbar|verfuegbar|erreichbar|unterwegs|frei)${END}`, `(?:hattest du|haettest du|hatten sie|haetten sie) (?:\\w+ )?(?:\\w+ )?(?:zeit|platz|eine lucke|eine luecke|frei|termin)`,
      `trou${END}`, `(?:tu|vous) (?:bosses|bossez|travailles|enseignes|enseignez)`, `(?:tu es|t'es|vous etes|tu seras|vous serez) (?:\\w+ )?(?:dispo|libre|en conge|en vacances|absent)`, `dispos?${END}`, `en conge`,
      `(?:tu as|t'as|vous avez|tu aurais|vous auriez) (?:\\w+ )?(?:de la place|un trou|un creneau|du temps|un moment|une place|quelque chose)`,
      `(?:tendrias|tienes|tiene|tendria|teneis) (?:\\w+ )?(?:un rato|un hueco|tiempo|sitio|algo libre)`, `das clases?${END}`, `(?:estas|esta|estaras|estais) (?:\\w+ )?(?:fuera|libre|disponible|por aqui|de vacaciones)`, `un rato`,
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
      `damage${END}`, `what (?:do|would) (?:you|u) charge`, `(?:come|comes) to${END}`, `ausmachen`, `(?:wurde|wuerde|wird) (?:\\w+ )?(?:\\w+ )?kosten`, `quanto (?:viene|verrebbe|costerebbe|fa|chiedi|prendi)`, `prezzi`,
      `(?:ca|cela) coute`, `cobras`, `cobrais`, `(?:sale|saldria) (?:por|a)${END}`, `price list`,
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
      `verschieben`, `verlegen`, `umbuchen`, `(?:anderen|anderer|andere) (?:tag|termin|uhrzeit|zeit)`, `stattdessen`, `statt (?:am|um|dem|der|des|morgen|heute|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|\\d)`, `(?:termin|uhrzeit) (?:andern|aendern)`, `vorverlegen`, `spater anfangen`, `fruher anfangen`,
      `deplacer`, `decaler`, `changer (?:l'heure|la date|de jour|le creneau|d'horaire|l'horaire|le jour)`, `avancer`, `au lieu d`, `un autre jour`, `une autre date`, `un autre creneau`,
      `cambiar (?:la hora|el dia|la fecha|la clase|de dia|de hora|la reserva)`, `mover (?:la|el)`, `aplazar`, `posponer`, `adelantar`, `retrasar`, `en vez de`, `en lugar de`, `otro dia`, `otra hora`, `otra fecha`,
      `swap`, `switch (?:to|the|it|our|my|days)`, `tauschen`, `echanger`, `intercambiar`, `scambiare`, `cambiar (?:el|la) \\w+ por`, `piuttosto${END}`, `plutot${END}`, `rather than`, `stattdessen`,
      `(?:passt|geht) (?:es )?(?:dir|ihnen|euch) (?:auch|stattdessen|eher)`, `(?:te|le|os) (?:viene|iria|va) bien (?:\\w+ )?(?:manana|el|la|otro|pasado)`, `verschieb`, `verleg`, `(?:facciamo|fare|farla|farlo) (?:invece|piuttosto)`,
    ],
  },
  // cancellation
  {
    intent: "cancellation",
    weight: 1.5,
    patterns: [
      `cancel(?!l?ation (?:policy|fee|terms|rules|conditions))`, `(?:can't|cant|cannot|can not|won't be able to) (?:come|attend)`, `take (?:me|us|him|her|them) off`, `can't make it`, `cant make it`, `cannot make it`, `won't make it`, `will not make it`, `won't be able to (?:come|make|attend)`, `not (?:be )?coming`, `call (?:it|the lesson) off`, `drop out`, `have to (?:skip|miss)`,
      `(?<!(?:condizioni|politica|regole) di )annull`, `disdir`, `(?<!(?:condizioni|politica|regole) di )disdetta`, `cancellare`, `non (?:posso|possiamo|riesco|riusciamo|potro|potremo|potremmo|potrei) (?:piu )?(?:venire|esserci|partecipare|fare la lezione)`, `non ce la (?:faccio|facciamo)`, `rinunciare`, `rinunciamo`,
      `stornier`, `absagen`, `absage`, `sage (?:\\w+ )?ab`, `sagen (?:\\w+ )?ab`, `storno(?!bedingung|gebuhr|gebuehr|regel)`, `abmelden`, `nicht kommen`, `schaffen es nicht`, `faellt aus`, `fallt aus`, `nicht teilnehmen`,
      `annuler`, `(?<!(?:conditions|politique|frais) d')annulation`, `annule`, `ne (?:pourrai|pourrons|pourra|peux|pouvons) pas venir`, `pas venir`, `desister`, `empeche`,
      `cancelar`, `(?<!(?:politica|condiciones|gastos) de )cancelacion`, `anular`, `no (?:podre|podremos|puedo|podemos|voy a poder|vamos a poder) (?:ir|venir|asistir)`, `no voy a poder`, `no vamos a poder`,
      `give (?:\\w+ ){0,3}a miss`, `(?:have|need|got) to (?:skip|miss|pass on|bail)`, `(?:won't|will not|no longer|don't) need (?:the|our|my|any)`, `remove (?:me|us|him|her|them) from`, `(?:not|won't be) (?:going to|gonna) (?:make|come)`,
      `(?:mussen|muessen|muss) (?:wir|ich) (?:\\w+ )?(?:\\w+ )?passen`, `streichen`, `(?:aufhoren|aufhoeren|beenden|kundigen|kuendigen)${END}`, `(?:kommen|komme) (?:leider )?nicht`,
      `(?:dobbiamo|devo|dovremo|dovro) (?:\\w+ )?(?:saltare|rinunciare|mollare|lasciar perdere)`, `lasciar perdere`, `(?:smettere|interrompere) (?:le|il|con)`,
      `laisser tomber`, `(?:arreter|stopper) (?:les|le)`, `ne (?:viendrons|viendrai|pourrons|pourrai) pas`,
      `(?:dejarlo|dejarla|lo dejamos|la dejamos|tenemos que dejarlo|dejar las clases)(?! para)`, `anula${END}`, `no (?:podemos|puedo|podre|podremos) (?:\\w+ )?(?:ir|venir|asistir)`,
      `decided (?:not to|against)`, `not (?:to )?go(?:ing)? ahead`, `(?:can't|cant|cannot) do (?:\\w+ ){0,2}(?:anymore|any more)`, `scrap (?:it|that|the|our|my)`, `(?:won't|will not|not) (?:be )?(?:continu|carry(?:ing)? on)`,
      `entschieden,? (?:\\w+ ){0,4}nicht`, `abzusagen`, `abzumelden`, `(?:geht|klappt|passt) (?:\\w+ ){0,3}nicht mehr`, `raus ?nehmen`, `nicht (?:weiter|mehr) (?:machen|kommen)`,
      `deciso di non`, `non (?:continuare|proseguire|continuiamo|proseguiamo)`, `non (?:riesco|riusciamo)(?=[,.!]|$| piu| a venire| ad esserci)`, `lasciamo (?:stare|perdere)`,
      `decide de ne pas`, `ne pas (?:continuer|poursuivre|faire le|faire la)`, `ne va plus`, `plus possible`, `(?:l'|les |le |la )enlever`,
      `decidido no`, `no (?:seguir|continuar)`, `ya no (?:nos |me )?(?:viene|va|es posible|podemos|puedo)`, `quita(?:nos|me|rnos|rme)${END}`, `borra(?:nos|me)${END}`,
    ],
  },
  // complaint
  { intent: "complaint", weight: 0.75, patterns: [`terrible`, `awful`, `horrible`, `schrecklich`, `furchtbar`, `orribile`, `terribile`, `horrible`] },
  { intent: "complaint", weight: 1, patterns: [`crying`, `piangend`, `weinend`, `en pleurant`, `llorando`, `charged`, `cobrad`, `addebitat`, `debit`, `abgebucht`, `nobody (?:answers|replies|came|showed)`, `no one (?:answers|replies|came|showed)`, `nadie (?:contesta|responde|vino|aparecio)`, `personne (?:ne repond|n'est venu)`, `(?:keiner|niemand) (?:antwortet|kam|war da)`, `nessuno (?:risponde|e venuto|si e presentato)`, `shout`, `yelled`, `angeschrien`, `angeschrieen`, `grito`, `crie`, `urlat`, `(?:pas|non e|no es) normal`, `so geht das nicht`, `non e serio`, `pas serieux`,
  `(?:way|far|much) too (?:big|crowded|busy|long|short|many|expensive)`, `viel zu (?:gross|voll|lang|kurz|viele|teuer)`, `(?:beaucoup )?trop (?:grand|nombreux|court|long|cher)`, `troppo (?:numeros|grande|affollat|cort|lung|car)`, `demasiado (?:grande|gente|corta|larga|cara)`,
  `barely`, `kaum${END}`, `a peine`, `presque pas`, `casi no`, `per niente`, `for nothing`, `umsonst`, `pour rien`, `para nada`,
  `promised`, `versprochen`, `vereinbart`, `promesso`, `prometieron`, `(?:ce n'etait|c'etait) pas ce qui`, `n'etait pas ce`, `non era quello che`, `no es lo que`,
  `angry`, `annoyed`, `furious`, `upset`, `wutend`, `wuetend`, `verargert`, `veraergert`, `fache`, `en colere`, `arrabbiat`, `incazzat`, `enfadad`, `cabread`,
  `disaster`, `desastre`, `disastro`, `katastroph`, `catastroph`, `😡`, `🤬`] },
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
      `(?:nobody|no one|noone) (?:told|informed|warned|let) (?:us|me)`, `(?:keiner|niemand) hat (?:uns|mir) (?:\\w+ )?(?:gesagt|bescheid|informiert)`, `personne ne (?:nous|m'a|m') ?a? ?(?:dit|prevenu|averti)`, `nessuno (?:ci|mi) ha (?:detto|avvisat|avvertit|informat)`, `nadie (?:nos|me) (?:dijo|aviso|informo)`,
      `(?:late|zu spat|en retard|in ritardo|tarde) again`, `(?:schon wieder|immer) (?:zu )?spat`, `(?:toujours|encore) en retard`, `(?:sempre|ancora) in ritardo`, `(?:siempre|otra vez) (?:llega |llegas )?tarde`, `never again`,
      `not good enough`, `not what (?:we|i) (?:were|was) (?:promised|told|expected)`, `(?:very|really|extremely) (?:poor|bad|disappointing)`,
      `(?:kept|left) (?:us|me|them) (?:waiting|standing)`, `(?:waited|waiting) (?:for )?ages`, `cut (?:\\w+ ){0,2}short`, `filthy`, `dirty`, `didn't like`, `did not like`,
      `ewig (?:gewartet|warten)`, `mussten (?:\\w+ )?warten`, `gekurzt`, `gekuerzt`, `dreckig`, `schmutzig`, `so nicht${END}`, `enttausch`, `enttaeusch`, `(?:hat|haben) (?:mir|uns) (?:\\w+ )?nicht gefallen`,
      `malissimo`, `deludent`, `sporc`, `non (?:mi|ci) (?:e|sono) piaciut`, `(?:nemmeno|neanche|neppure) scusat`,
      `decev`, `une eternite`, `ecourt`, `ne (?:m'a|nous a) pas plu`, `c'est inadmissible`,
      `decepcion`, `acort(?:aste|aron|ada|o la)`, `sucio`, `no (?:me|nos) gusto`, `(?:un monton|una eternidad) esperando`,
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
      `llevar`, `equipo`, `alquil`, `aparcar`, `aparcamiento`, `punto de encuentro`, `donde (?:nos|es|esta|quedamos)`, `seguro${END}`, `que nivel`, `cuanto dura`, `necesito`, `necesitamos`, `(?<!no )hace falta`, `casco`, `neopreno`, `principiante`, `tiempo que hace`, `si llueve`, `carnet`,
      `(?:cancellation|refund) policy`, `(?:politica|condizioni) di (?:cancellazione|disdetta)`, `stornobedingungen`, `stornogebuhr`, `conditions d'annulation`, `politica de cancelacion`,
    ],
  },
  {
    intent: "general_question",
    weight: 1.5,
    patterns: [`in english`, `auf englisch`, `en anglais`, `en ingles`, `in inglese`, `how old`, `what age`, `ab welchem alter`, `wie alt`, `(?:quel|a partir de quel) age`, `que edad`, `(?:che|da che|quale) eta`],
  },
  // greeting_thanks: wins over hints alone, and when nothing else matched.
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
      `merry christmas`, `(?:we'll|we will|i'll|i will) be there`, `(?:wir sind|ich bin) (?:\\w+ ){0,3}da${END}`, `(?:on sera|je serai|nous serons) la${END}`, `(?:estaremos|estare) (?:alli|ahi)`, `(?:ci saremo|ci saro|arriviamo)`, `happy (?:new year|holidays|easter|birthday)`, `frohe (?:weihnachten|ostern|feiertage)`, `gutes neues`, `joyeux noel`, `bonne (?:annee|fetes|journee|soiree)`, `buon (?:natale|anno)`, `buone feste`, `auguri`, `feliz (?:navidad|ano)`, `felices fiestas`,
      `(?:was|war|e stata|c'etait|fue) (?:a |an |eine |ein |una |un |echt |wirklich |so )?(?:great|super|brilliant|lovely|amazing|toll|klasse|bellissim|fantastic|genial|top)`, `amazing`, `(?:clase|lezione|seance|session|stunde) (?:genial|bellissima|super|top|fantastic)`, `(?:super|genial|great|brilliant) (?:seance|clase|session|lesson|lezione|stunde)`, `thank`,
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
