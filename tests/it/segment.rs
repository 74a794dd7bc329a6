//! Segmentation of everyday text that is easy to misread: magazine pages
//! whose info boxes carry labels in capitals (they are no transcripts),
//! and user reviews written without capitals after full stops.

use bitext::{Document, Lang, UtteranceKind};

fn turns(doc: &Document<'_>) -> Vec<String> {
    doc.utterances()
        .iter()
        .filter(|u| u.kind() == UtteranceKind::Turn)
        .map(|u| u.speaker().unwrap_or("?").to_string())
        .collect()
}

/// A film page: two reviews, each with an info box (`CAST:`, `STORY:`)
/// among paragraphs of prose. The boxes recur, in capitals, before a
/// colon, but they open a quarter of the paragraphs and nobody answers
/// anybody: no speaker turns.
#[test]
fn info_boxes_of_a_film_page_are_not_speakers() {
    let en = "This month the summer releases arrive at last, and our critics have seen most of them.\n\n\
              STORY: A retired pilot returns to the island where his brother vanished. The locals say \
              nothing, and the sea keeps its secrets.\n\n\
              The film is slow in the best sense. It trusts the landscape to do the talking.\n\n\
              The director shot it in six weeks with a crew of twelve.\n\n\
              A quiet film for a loud summer\n\n\
              CAST: Tom Harlow, Ines Vieira, Paul Okafor\n\n\
              STORY: Two chefs compete for a restaurant that neither of them can afford.\n\n\
              The jokes land more often than not. The second half drags a little.\n\n\
              Cooking shows have done this better, but rarely with this much warmth.\n\n\
              Sword-and-sorcery: a genre that refuses to die. This one at least knows it is silly.\n\n\
              Our verdict: worth a ticket on a rainy evening.\n";
    let doc = Document::segment(en, Lang::English);
    assert_eq!(turns(&doc), Vec::<String>::new());
    assert!(!doc.has_speakers());
    let ru = "В этом месяце наконец выходят летние премьеры, и наши критики посмотрели почти всё.\n\n\
              СЮЖЕТ: Отставной лётчик возвращается на остров, где пропал его брат. Местные молчат.\n\n\
              Фильм медленный в лучшем смысле слова. Пейзаж здесь говорит сам за себя.\n\n\
              Режиссёр снял его за шесть недель с группой из двенадцати человек.\n\n\
              Тихое кино для шумного лета\n\n\
              В РОЛЯХ: Том Харлоу, Инеш Виейра, Пол Окафор\n\n\
              СЮЖЕТ: Два повара борются за ресторан, который не по карману ни одному из них.\n\n\
              Шутки чаще попадают в цель, чем нет. Вторая половина немного затянута.\n\n\
              Кулинарные шоу делали это лучше, но редко с такой теплотой.\n";
    let doc = Document::segment(ru, Lang::Russian);
    assert_eq!(turns(&doc), Vec::<String>::new());
    assert!(!doc.has_speakers());
}

/// A listing: every entry has a title line, then its boxes. The labels open
/// half of the paragraphs, but a title between every two of them cuts the
/// turns apart: a catalogue, not a record.
#[test]
fn a_listing_with_a_title_before_every_entry_is_not_a_record() {
    let text = "The Island\n\nCAST: Tom Harlow, Ines Vieira\n\nSTORY: A pilot looks for his brother.\n\n\
                The Kitchen\n\nCAST: Paul Okafor, Mia Lund\n\nSTORY: Two chefs compete for one restaurant.\n\n\
                The Long Road\n\nCAST: Ada Brandt\n\nSTORY: A nurse walks home across a country at war.\n";
    let doc = Document::segment(text, Lang::English);
    assert!(!doc.has_speakers(), "{:?}", turns(&doc));
}

/// In a real record a hyphenated phrase before a colon, in prose, is no
/// speaker, while the speakers around it still are.
#[test]
fn a_hyphenated_phrase_before_a_colon_is_no_label() {
    let text = "SMITH: We come to the witness.\n\n\
                JONES: I saw him at the station.\n\n\
                Cross-examination: the defence has no questions at this stage.\n\n\
                SMITH: Then the witness may go.\n\n\
                JONES: Thank you.\n";
    let doc = Document::segment(text, Lang::English);
    assert_eq!(turns(&doc), ["SMITH", "JONES", "SMITH", "JONES"]);
    // the phrase continues Jones's turn as an unlabelled paragraph
    let u = &doc.utterances()[1];
    assert_eq!(u.paragraphs(), 1..3);
}

/// The direction of the next change: an excerpt where labels open most
/// paragraphs is a record, in both conventions.
#[test]
fn an_excerpt_where_most_paragraphs_open_with_a_label_is_a_record() {
    let en = "THE CHAIRMAN: The meeting is open.\n\n\
              MORROW: I have a question about the budget.\n\n\
              THE CHAIRMAN: Please go on.\n\n\
              MORROW: Why was the bridge left out? It was promised last year.\n\n\
              We all remember that promise.\n\n\
              THE CHAIRMAN: It will come next year.\n";
    let doc = Document::segment(en, Lang::English);
    assert_eq!(turns(&doc), ["THE CHAIRMAN", "MORROW", "THE CHAIRMAN", "MORROW", "THE CHAIRMAN"]);
    let ru = "Председатель. Заседание открыто.\n\n\
              Морозов. У меня вопрос о бюджете.\n\n\
              Председатель. Пожалуйста.\n\n\
              Морозов. Почему мост не включён? Его обещали в прошлом году.\n\n\
              Председатель. Он будет в следующем году.\n";
    let doc = Document::segment(ru, Lang::Russian);
    assert_eq!(turns(&doc), ["Председатель", "Морозов", "Председатель", "Морозов", "Председатель"]);
}

fn sentences(text: &str, lang: Lang) -> Vec<String> {
    let doc = Document::segment(text, lang);
    (0..doc.len()).map(|i| doc.sentence_text(i).to_string()).collect()
}

/// A review written without capitals after full stops: every stop ends a
/// sentence, whatever the case of the next word.
#[test]
fn a_review_in_lower_case_is_split_at_its_full_stops() {
    let ru = "в этот ресторан больше ни ногой. заказали пиццу , ждали час. официант сказал что кухня \
              не успевает . на вопрос почему ? ответили что так всегда. )) в итоге ушли голодные ! \
              сервис на двойку )))";
    assert_eq!(
        sentences(ru, Lang::Russian),
        [
            "в этот ресторан больше ни ногой.",
            "заказали пиццу , ждали час.",
            "официант сказал что кухня не успевает .",
            "на вопрос почему ?",
            "ответили что так всегда. ))",
            "в итоге ушли голодные !",
            "сервис на двойку )))",
        ]
    );
    let en = "never going back there. we ordered a pizza and waited an hour. the waiter said the kitchen \
              was busy, i.e. full. we left hungry!!! two stars at most.";
    assert_eq!(
        sentences(en, Lang::English),
        [
            "never going back there.",
            "we ordered a pizza and waited an hour.",
            "the waiter said the kitchen was busy, i.e. full.",
            "we left hungry!!!",
            "two stars at most.",
        ]
    );
}

/// In a lower-case review the abbreviations still hold the sentence
/// together, and an ellipsis before a lower-case word goes on.
#[test]
fn a_lower_case_review_keeps_its_abbreviations() {
    let ru = "купили телевизор за 40 тыс. рублей. доставили через 2 дня, т. е. в субботу. пульт... ну \
              его вообще не положили. звонили в 10 ч. утра, никто не ответил.";
    assert_eq!(
        sentences(ru, Lang::Russian),
        [
            "купили телевизор за 40 тыс. рублей.",
            "доставили через 2 дня, т. е. в субботу.",
            "пульт... ну его вообще не положили.",
            "звонили в 10 ч. утра, никто не ответил.",
        ]
    );
}

/// Ordinary edited text does not change: a lower-case word after a period
/// follows an abbreviation there, and after `?`/`!` it goes on with the
/// sentence (dialogue, quotations).
#[test]
fn edited_text_keeps_lower_case_continuations() {
    let ru = "В 1937 г. тов. Сталину писали часто, т. е. почти каждый день. Доход составил 5 тыс. рублей \
              в месяц, и т. д. и т. п. Кто там? — спросил он. Ура! кричали все. Затем И. В. Рыков ушёл.";
    assert_eq!(
        sentences(ru, Lang::Russian),
        [
            "В 1937 г. тов. Сталину писали часто, т. е. почти каждый день.",
            "Доход составил 5 тыс. рублей в месяц, и т. д. и т. п.",
            "Кто там? — спросил он.",
            "Ура! кричали все.",
            "Затем И. В. Рыков ушёл.",
        ]
    );
    let en = "Mr. Smith paid approx. five dollars, e.g. for the bus. He asked: why? and left. \
              The room was 20 sq. m and cost 3 thousand. J. R. Hartley wrote it.";
    assert_eq!(
        sentences(en, Lang::English),
        [
            "Mr. Smith paid approx. five dollars, e.g. for the bus.",
            "He asked: why? and left.",
            "The room was 20 sq. m and cost 3 thousand.",
            "J. R. Hartley wrote it.",
        ]
    );
}

/// One paragraph of a lower-case reader's comment inside an edited page:
/// the paragraph's own habit counts.
#[test]
fn a_lower_case_paragraph_inside_edited_text() {
    let text = "The shop opened in May. Readers sent us their reviews. Here is one of them.\n\n\
                great shop. staff was helpful. prices are fair. will come again.\n\n\
                We agree. The shop is on Main St. next to the bank.\n";
    assert_eq!(
        sentences(text, Lang::English),
        [
            "The shop opened in May.",
            "Readers sent us their reviews.",
            "Here is one of them.",
            "great shop.",
            "staff was helpful.",
            "prices are fair.",
            "will come again.",
            "We agree.",
            "The shop is on Main St. next to the bank.",
        ]
    );
}

/// A smiley ends a sentence as a full stop does, before a word in either
/// case: the Russian `)` that closes no bracket, `))`, `:)`, `:-)`. A
/// bracket that was opened and a list marker do not.
#[test]
fn smileys_end_sentences() {
    let ru = "Отличный магазин) Всегда берём тут кофе)) Персонал вежливый, хвалит нас) это приятно. \
              Дали гарантию (месяц) Спасибо! Выбор: а) Зерно, б) Молотый.";
    assert_eq!(
        sentences(ru, Lang::Russian),
        [
            "Отличный магазин)",
            "Всегда берём тут кофе))",
            "Персонал вежливый, хвалит нас)",
            "это приятно.",
            "Дали гарантию (месяц) Спасибо!",
            "Выбор: а) Зерно, б) Молотый.",
        ]
    );
    let en = "Great coffee shop :) We come here a lot! The staff is kind :-) prices are fair (for a mall).";
    assert_eq!(
        sentences(en, Lang::English),
        ["Great coffee shop :)", "We come here a lot!", "The staff is kind :-)", "prices are fair (for a mall)."]
    );
}

/// After a period that may be an abbreviation's (`p.m.`, `St.`, an
/// initial, `им.`), the document's own spelling decides: a capitalised word
/// that the text also writes in lower case (`The`, `Он`) starts a sentence,
/// one that it only ever capitalises (`Kazan`, `Гагарина`) is a name and
/// goes on with the sentence.
#[test]
fn the_document_tells_names_from_sentence_starts_after_abbreviations() {
    let en = "The concert starts at 8 P.M. Kazan time, and the doors open at 7 P.M. Kazan time. \
              The band last played here in May. Tickets sell at the box office on Lake St. The box \
              office opens at 10 a.m. We bought ours there. Please note the new address of the \
              office: it moved to the U.S. Embassy building last week.";
    assert_eq!(
        sentences(en, Lang::English),
        [
            "The concert starts at 8 P.M. Kazan time, and the doors open at 7 P.M. Kazan time.",
            "The band last played here in May.",
            "Tickets sell at the box office on Lake St.",
            "The box office opens at 10 a.m.",
            "We bought ours there.",
            "Please note the new address of the office: it moved to the U.S. Embassy building last week.",
        ]
    );
    let ru = "Мы гуляли по парку им. Гагарина до вечера. Дети играли, а мы сидели и смотрели на них. \
              Потом к нам подошёл мой старый учитель Петров Ю. Он узнал меня сразу. Учитель Ю. \
              Сидоров, его друг, тоже был там. Об этом писал проф. А. Н. Иванов.";
    assert_eq!(
        sentences(ru, Lang::Russian),
        [
            "Мы гуляли по парку им. Гагарина до вечера.",
            "Дети играли, а мы сидели и смотрели на них.",
            "Потом к нам подошёл мой старый учитель Петров Ю.",
            "Он узнал меня сразу.",
            "Учитель Ю. Сидоров, его друг, тоже был там.",
            "Об этом писал проф. А. Н. Иванов.",
        ]
    );
}

/// `!` and `?` inside a short quoted name or title end no sentence when the
/// quotation closes within a few words and the sentence goes on after it (a
/// comma, a lower-case word, its own final stop). A quotation that closes
/// right after the mark, that opens the sentence, or after which a capital
/// follows, is speech: its boundaries stand.
#[test]
fn an_exclamation_inside_a_quoted_name_ends_no_sentence() {
    let ru = "Финал покажет телеканал \"Спорт! Плюс 1\". Вчера в игру «Что? Где? Когда?», которую любят все, \
              играли студенты. Фильм «Беги! Спасайся» вышел весной. «Стой!» Он обернулся. \
              Он крикнул: «Стой! Назад!» Все замерли.";
    assert_eq!(
        sentences(ru, Lang::Russian),
        [
            "Финал покажет телеканал \"Спорт! Плюс 1\".",
            "Вчера в игру «Что? Где? Когда?», которую любят все, играли студенты.",
            "Фильм «Беги! Спасайся» вышел весной.",
            "«Стой!»",
            "Он обернулся.",
            "Он крикнул: «Стой!",
            "Назад!»",
            "Все замерли.",
        ]
    );
    let en = "We watched the \"Match! Football 2\" channel all night. He shouted \"Stop!\" The car stopped. \
              \"What? Who is there?\" she asked.";
    assert_eq!(
        sentences(en, Lang::English),
        [
            "We watched the \"Match! Football 2\" channel all night.",
            "He shouted \"Stop!\"",
            "The car stopped.",
            "\"What?",
            "Who is there?\" she asked.",
        ]
    );
}

/// A sentence may open with an amount, its currency sign first: the period
/// before it ends a sentence, as before a plain number, unless an
/// abbreviation's.
#[test]
fn a_sentence_may_open_with_an_amount() {
    let en = "We tried the house ale. $5 for a pint is fair. The pie cost approx. $7 in all. \
              Dinner was fine. € 12 for two courses.";
    assert_eq!(
        sentences(en, Lang::English),
        [
            "We tried the house ale.",
            "$5 for a pint is fair.",
            "The pie cost approx. $7 in all.",
            "Dinner was fine.",
            "€ 12 for two courses.",
        ]
    );
    let ru = "Взяли домашнее пиво. ₽300 за бокал, недорого.";
    assert_eq!(sentences(ru, Lang::Russian), ["Взяли домашнее пиво.", "₽300 за бокал, недорого."]);
}

/// Whether every bead of `a` joins sentences of the same turn on both
/// sides, turn `k` of `src` with turn `k` of `tgt`.
fn turn_to_turn(a: &bitext::Alignment, src: &Document<'_>, tgt: &Document<'_>) -> bool {
    let utt = |d: &Document<'_>, r: std::ops::Range<usize>| -> Vec<usize> {
        let mut v: Vec<usize> = r.map(|i| d.sentences()[i].utterance()).collect();
        v.dedup();
        v
    };
    a.beads().iter().all(|b| b.src().is_empty() || b.tgt().is_empty() || utt(src, b.src()) == utt(tgt, b.tgt()))
}

/// The opening of a session, three paragraphs, each speaker heard once:
/// the shape of the excerpt (labels open every paragraph) makes it a
/// record, in Russian as in English, and the turns align one to one.
#[test]
fn the_opening_of_a_session_is_a_record_by_its_shape() {
    let ru = "Комендант суда. Суд идет. Прошу всех встать.\n\n\
              Председательствующий. Садитесь. Подсудимый Бухарин, продолжайте ваши объяснения.\n\n\
              Бухарин. Вчера я остановился на событиях осени. Теперь я перейду к весне следующего года.\n";
    let en = "COMMANDANT OF THE COURT: The Court is coming. All rise, please.\n\n\
              THE PRESIDENT: Be seated. Accused Bukharin, go on with your explanations.\n\n\
              Bukharin: Yesterday I stopped at the events of the autumn. Now I shall pass on to the spring \
              of the following year.\n";
    let ru = Document::segment(ru, Lang::Russian);
    let en = Document::segment(en, Lang::English);
    assert_eq!(turns(&ru), ["Комендант суда", "Председательствующий", "Бухарин"]);
    assert_eq!(turns(&en), ["COMMANDANT OF THE COURT", "THE PRESIDENT", "Bukharin"]);
    let a = bitext::Aligner::new(bitext::AlignConfig::default()).align(&ru, &en).expect("align");
    assert!(turn_to_turn(&a, &ru, &en), "{:?}", a.beads().iter().map(|b| (b.src(), b.tgt())).collect::<Vec<_>>());
}

/// Answers that open a paragraph are no speakers, even when most
/// paragraphs of the excerpt open with one: `Да.`, `Слушаю.`, `Yes.`.
#[test]
fn answers_opening_every_paragraph_are_no_record() {
    let ru = "Да. Я был там в тот вечер.\n\nСлушаю. Продолжайте.\n\nНет. Этого я не помню.\n\nТак. Идём дальше.\n";
    let doc = Document::segment(ru, Lang::Russian);
    assert!(!doc.has_speakers(), "{:?}", turns(&doc));
    let en = "Yes. I was there that evening.\n\nNo. I do not remember.\n\nVery well. Go on.\n";
    let doc = Document::segment(en, Lang::English);
    assert!(!doc.has_speakers(), "{:?}", turns(&doc));
}

/// In a longer record a defendant heard once and an official heard once
/// are turns of their own, not sentences of the turn before; paragraphs
/// that open with an answer word stay part of the turn they continue.
#[test]
fn speakers_heard_once_in_a_record_are_turns() {
    let ru = "Председательствующий. Заседание продолжается. Обвинитель, у вас есть вопросы?\n\n\
              Вышинский. Да, есть. Подсудимый Рыков, когда вы встречались с Бухариным?\n\n\
              Рыков. Мы встречались осенью, на даче.\n\n\
              Вышинский. Кто ещё присутствовал?\n\n\
              Рыков. Присутствовал Шарангович.\n\n\
              Да. Он приехал позже всех.\n\n\
              Вышинский. Подсудимый Шарангович, вы подтверждаете?\n\n\
              Шарангович. Подтверждаю полностью. Я приехал туда вечером.\n\n\
              Вышинский. Вопросов больше нет.\n\n\
              Председательствующий. Объявляется перерыв на двадцать минут.\n\n\
              Комендант суда. Суд идет. Прошу встать.\n\n\
              Председательствующий. Садитесь. Заседание продолжается.\n\n\
              Рыков. Я хочу дополнить свой ответ.\n\n\
              Слушаю. Так я сказал ему тогда, и он согласился.\n";
    let doc = Document::segment(ru, Lang::Russian);
    assert_eq!(
        turns(&doc),
        [
            "Председательствующий",
            "Вышинский",
            "Рыков",
            "Вышинский",
            "Рыков",
            "Вышинский",
            "Шарангович",
            "Вышинский",
            "Председательствующий",
            "Комендант суда",
            "Председательствующий",
            "Рыков",
        ]
    );
    // `Да.` and `Слушаю.` open sentences inside Rykov's turns
    for opener in ["Да.", "Слушаю."] {
        let i = (0..doc.len()).find(|&i| doc.sentence_text(i) == opener).expect(opener);
        assert_eq!(doc.speaker(i), Some("Рыков"), "{opener}");
    }
}

/// Labels printed in capitals in a Russian edition, with a period or a
/// colon, are labels as the usual ones are.
#[test]
fn russian_labels_in_capitals() {
    for mark in [".", ":"] {
        let ru = format!(
            "ПРОКУРОР{mark} Свидетель Орлов, где вы были вечером?\n\n\
             ОРЛОВ{mark} Дома, с семьёй.\n\n\
             ПРОКУРОР{mark} Кто это может подтвердить?\n\n\
             ОРЛОВ{mark} Соседи. Они заходили к нам.\n"
        );
        let doc = Document::segment(&ru, Lang::Russian);
        assert_eq!(turns(&doc), ["ПРОКУРОР", "ОРЛОВ", "ПРОКУРОР", "ОРЛОВ"], "{mark}");
    }
}

/// One English edition may print some labels in capitals and others in
/// title case, each heard once or more: all are turns.
#[test]
fn english_labels_in_capitals_and_title_case_in_one_edition() {
    let en = "THE PROSECUTOR: Witness Orlov, where were you that evening?\n\n\
              Orlov: At home, with my family.\n\n\
              THE PROSECUTOR: Who can confirm it?\n\n\
              Orlov: The neighbours. They came to see us.\n\n\
              THE PRESIDENT: The witness may stand down.\n\n\
              Mirsky: I ask leave to put one more question.\n";
    let doc = Document::segment(en, Lang::English);
    assert_eq!(turns(&doc), ["THE PROSECUTOR", "Orlov", "THE PROSECUTOR", "Orlov", "THE PRESIDENT", "Mirsky"]);
}

/// A label that gives a role and a name joined by a dash names the
/// speaker with both; a dash before a sentence in lower case is no label.
#[test]
fn a_label_with_a_role_and_a_name() {
    let ru = "Председатель — Соколов. Слушается дело о поджоге склада.\n\n\
              Прокурор. Прошу огласить протокол.\n\n\
              Председатель — Соколов. Оглашается.\n\n\
              Прокурор. Благодарю.\n\n\
              Соколов — это был я. Протокол составлен при мне.\n";
    let doc = Document::segment(ru, Lang::Russian);
    assert_eq!(turns(&doc), ["Председатель — Соколов", "Прокурор", "Председатель — Соколов", "Прокурор"]);
    let last = doc.len() - 2;
    assert_eq!(doc.sentence_text(last), "Соколов — это был я.");
    assert_eq!(doc.speaker(last), Some("Прокурор"));
}

/// A label on a line of its own, the speech on the lines after it, as
/// copies from the web often print them; a label heard once included.
#[test]
fn a_label_on_a_line_of_its_own() {
    let ru = "Прокурор.\nСвидетель Орлов, где вы были вечером?\n\n\
              Орлов.\nДома, с семьёй.\n\n\
              Прокурор.\nКто это может подтвердить?\n\n\
              Орлов.\nСоседи. Они заходили к нам.\n\n\
              Секретарь суда.\nСвидетель Лебедев в суд не явился.\n";
    let doc = Document::segment(ru, Lang::Russian);
    assert_eq!(turns(&doc), ["Прокурор", "Орлов", "Прокурор", "Орлов", "Секретарь суда"]);
    let texts: Vec<&str> = (0..doc.len()).map(|i| doc.sentence_text(i)).collect();
    assert_eq!(texts[0], "Свидетель Орлов, где вы были вечером?");
    assert_eq!(texts.last(), Some(&"Свидетель Лебедев в суд не явился."));
}

/// A short record with the headings of its parts (sessions, an
/// examination) between the turns: still a record, and each heading
/// aligns with its counterpart (the dates and names help).
#[test]
fn headings_of_a_records_parts_stay_in_the_record_and_align_to_each_other() {
    let ru = "Утреннее заседание 7 марта 1938 года\n\n\
              Комендант суда. Суд идет. Прошу встать.\n\n\
              Председательствующий. Садитесь. Продолжаем.\n\n\
              Допрос подсудимого Бухарина\n\n\
              Вышинский. Подсудимый Бухарин, вы признаете себя виновным?\n\n\
              Бухарин. Признаю.\n\n\
              Вечернее заседание 7 марта 1938 года\n\n\
              Комендант суда. Суд идет.\n\n\
              Председательствующий. Заседание продолжается.\n";
    let en = "Morning Session, March 7, 1938\n\n\
              COMMANDANT OF THE COURT: The Court is coming. Please rise.\n\n\
              THE PRESIDENT: Be seated. We continue.\n\n\
              Interrogation of the Accused Bukharin\n\n\
              VYSHINSKY: Accused Bukharin, do you plead guilty?\n\n\
              BUKHARIN: I do.\n\n\
              Evening Session, March 7, 1938\n\n\
              COMMANDANT OF THE COURT: The Court is coming.\n\n\
              THE PRESIDENT: The session is resumed.\n";
    let (ru, en) = (Document::segment(ru, Lang::Russian), Document::segment(en, Lang::English));
    let kinds = |d: &Document<'_>| -> Vec<String> {
        d.utterances().iter().map(|u| u.speaker().map_or_else(|| format!("{:?}", u.kind()), str::to_string)).collect()
    };
    assert_eq!(
        kinds(&ru),
        [
            "Heading",
            "Комендант суда",
            "Председательствующий",
            "Heading",
            "Вышинский",
            "Бухарин",
            "Heading",
            "Комендант суда",
            "Председательствующий"
        ]
    );
    assert_eq!(
        kinds(&en),
        [
            "Heading",
            "COMMANDANT OF THE COURT",
            "THE PRESIDENT",
            "Heading",
            "VYSHINSKY",
            "BUKHARIN",
            "Heading",
            "COMMANDANT OF THE COURT",
            "THE PRESIDENT"
        ]
    );
    let a = bitext::Aligner::new(bitext::AlignConfig::default()).align(&ru, &en).expect("align");
    assert!(turn_to_turn(&a, &ru, &en));
    // each heading is a bead of its own with its counterpart
    let heading = |d: &Document<'_>, i: usize| d.sentences()[i].kind() == bitext::SentenceKind::Heading;
    let pairs: Vec<(String, String)> = a
        .beads()
        .iter()
        .filter(|b| b.src().any(|i| heading(&ru, i)) || b.tgt().any(|j| heading(&en, j)))
        .map(|b| {
            let text = |d: &Document<'_>, r: std::ops::Range<usize>| {
                r.map(|i| d.sentence_text(i)).collect::<Vec<_>>().join(" ")
            };
            (text(&ru, b.src()), text(&en, b.tgt()))
        })
        .collect();
    assert_eq!(
        pairs,
        [
            ("Утреннее заседание 7 марта 1938 года".to_string(), "Morning Session, March 7, 1938".to_string()),
            ("Допрос подсудимого Бухарина".to_string(), "Interrogation of the Accused Bukharin".to_string()),
            ("Вечернее заседание 7 марта 1938 года".to_string(), "Evening Session, March 7, 1938".to_string()),
        ]
    );
}

/// Each edition's speakers are evidence for the other's labels: two
/// labels heard once are too little for one edition alone, but `bitext
/// align` reads the Russian again with the English speakers and finds
/// both turns (`Шарангович.` ~ `SHARANGOVICH:` through transliteration);
/// `bitext segment` reads one edition alone.
#[test]
fn the_other_editions_speakers_confirm_labels_heard_once() {
    let dir = std::env::temp_dir().join(format!("bitext-heard-elsewhere-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let (ru, en) = (dir.join("x.ru.txt"), dir.join("x.en.txt"));
    std::fs::write(&ru, "Вышинский. Вы были там?\n\nШарангович. Был. Вечером.\n").expect("write");
    std::fs::write(&en, "VYSHINSKY: Were you there?\n\nSHARANGOVICH: I was. In the evening.\n").expect("write");
    let (ru, en) = (ru.to_string_lossy().into_owned(), en.to_string_lossy().into_owned());
    let run = |args: &[&str]| {
        let out = crate::find::bitext(args);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).expect("UTF-8")
    };
    let json: serde_json::Value =
        serde_json::from_str(&run(&["align", &ru, &en, "--dict", "none", "--format", "json"])).expect("JSON");
    let speakers: Vec<&str> =
        json["src"]["sentences"].as_array().expect("sentences").iter().filter_map(|s| s["speaker"].as_str()).collect();
    assert_eq!(speakers, ["Вышинский", "Шарангович", "Шарангович"]);
    // one edition alone: no record
    let alone = run(&["segment", &ru]);
    assert!(alone.contains("[prose]") && !alone.contains("  Шарангович\n"), "{alone}");
    // a name the other edition does not have gets no evidence
    let other = Document::segment("VYSHINSKY: Were you there?\n\nIVANOV: I was.\n", Lang::English);
    let doc = bitext::Segmenter::new(Lang::Russian)
        .with_speakers_of(&other)
        .segment("Вышинский. Вы были там?\n\nШарангович. Был. Вечером.\n");
    let named: Vec<Option<&str>> = (0..doc.len()).map(|i| doc.speaker(i)).collect();
    assert!(!named.contains(&Some("Шарангович")), "{named:?}");
    let _ = std::fs::remove_dir_all(&dir);
}
