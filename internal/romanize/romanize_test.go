package romanize

import (
	"strings"
	"testing"
	"unicode/utf8"
)

var (
	rr     = Options{}
	rrHy   = Options{Hyphenate: true}
	rrVerb = Options{Aspirate: true}
	mr     = Options{System: MR}
	mrHy   = Options{System: MR, Hyphenate: true}
)

// The examples are those of the 2000 rules (문화관광부 고시 제2000-8호) where
// the rules give one, and words read by the standard pronunciation rules
// (표준 발음법) otherwise.
var cases = []struct {
	rule string
	in   string
	opt  Options
	want string
}{
	// Vowels (rule 2.1), ㅢ always ui.
	{"vowel ㅓ ㅡ", "어머니", rr, "eomeoni"},
	{"vowel ㅡ, tense ㄸ", "으뜸", rr, "eutteum"},
	{"vowel ㅢ", "의사", rr, "uisa"},
	{"vowel ㅚ", "외교", rr, "oegyo"},
	{"vowel ㅙ", "왜", rr, "wae"},
	{"vowel ㅝ", "워낙", rr, "wonak"},
	{"vowel ㅞ", "웨딩", rr, "weding"},
	{"vowel ㅒ", "얘기", rr, "yaegi"},
	{"vowel ㅟ ㅠ ㅖ", "위유예", rr, "wiyuye"},
	{"ㅢ read ㅣ is still ui", "광희문", rr, "gwanghuimun"},
	{"ㅢ after a consonant", "희망", rr, "huimang"},
	// Consonants (rule 2.2): g d b before a vowel, k t p before a consonant or at the end.
	{"ㄱ before a vowel", "구미", rr, "gumi"},
	{"ㅇ final, ㄷ initial", "영동", rr, "yeongdong"},
	{"liaison of ㄱ", "백암", rr, "baegam"},
	{"ㄱ before a consonant", "옥천", rr, "okcheon"},
	{"ㅂ before a consonant", "합덕", rr, "hapdeok"},
	{"ㅂ at the end", "호법", rr, "hobeop"},
	{"ㅈ final reads t", "월곶", rr, "wolgot"},
	{"ㅊ final reads t, tense ㄲ written", "벚꽃", rr, "beotkkot"},
	{"ㅌ final reads t", "한밭", rr, "hanbat"},
	{"ㄹ before a vowel is r", "구리", rr, "guri"},
	{"ㄹ final before a vowel is r", "설악", rr, "seorak"},
	{"ㄹ before a consonant is l", "칠곡", rr, "chilgok"},
	{"ㄹ at the end is l", "임실", rr, "imsil"},
	{"ㄹㄹ is ll", "울릉", rr, "ulleung"},
	{"ㄹ at the start of a loanword", "라디오", rr, "radio"},
	// Final sounds: the seven representatives.
	{"ㅅ final", "옷", rr, "ot"},
	{"ㅈ final", "낮", rr, "nat"},
	{"ㅋ final", "부엌", rr, "bueok"},
	{"ㄲ final", "밖", rr, "bak"},
	{"ㅍ final", "앞", rr, "ap"},
	{"ㅎ final", "히읗", rr, "hieut"},
	{"ㄳ final", "넋", rr, "neok"},
	{"ㄺ final", "닭", rr, "dak"},
	{"ㄻ final", "삶", rr, "sam"},
	{"ㄼ final", "여덟", rr, "yeodeol"},
	{"ㄼ in 밟 reads ㅂ", "밟다", rr, "bapda"},
	{"ㄽ final", "외곬", rr, "oegol"},
	{"ㄿ final", "읊다", rr, "eupda"},
	{"ㅄ final", "값", rr, "gap"},
	// Liaison (연음).
	{"liaison into ㅇ", "한국어", rr, "hangugeo"},
	{"liaison of ㅅ", "옷이", rr, "osi"},
	{"liaison of ㅆ", "있어", rr, "isseo"},
	{"liaison of ㄲ", "밖에", rr, "bakke"},
	{"liaison of ㅋ", "부엌에", rr, "bueoke"},
	{"ㅇ final stays before a vowel", "고양이", rr, "goyangi"},
	{"ㄳ before a vowel", "넋이", rr, "neoksi"},
	{"ㄵ before a vowel", "앉아", rr, "anja"},
	{"ㄺ before a vowel", "닭이", rr, "dalgi"},
	{"ㄻ before a vowel", "삶이", rr, "salmi"},
	{"ㄼ before a vowel", "여덟이", rr, "yeodeolbi"},
	{"ㄾ before a vowel", "핥아", rr, "halta"},
	{"ㄿ before a vowel", "읊어", rr, "eulpeo"},
	{"ㅄ before a vowel", "값이", rr, "gapsi"},
	{"ㅎ final drops before a vowel", "좋아", rr, "joa"},
	{"final reduced before a word in a compound", "겉옷", rr, "geodot"},
	{"final reduced before a word in a compound", "굿와이프", rr, "gudwaipeu"},
	{"final reduced before a word in a compound", "헛웃음", rr, "heoduseum"},
	{"ㄺ reduced before a word in a compound", "닭울음", rr, "dagureum"},
	{"no liaison across a space, ㄺ", "닭 위", rr, "dak wi"},
	{"Sino-Korean finals carry over", "금요일", rr, "geumyoil"},
	{"ㄶ before a vowel", "괜찮아", rr, "gwaenchana"},
	{"ㅀ before a vowel", "싫어", rr, "sireo"},
	// Nasalization (rule 3.1.1).
	{"nasalization ㄱ+ㅁ", "백마", rr, "baengma"},
	{"nasalization ㄱ+ㅁ, tense not written", "국물", rr, "gungmul"},
	{"nasalization ㅂ+ㅁ", "밥물", rr, "bammul"},
	{"nasalization ㅅ+ㅁ", "옷만", rr, "onman"},
	{"nasalization ㄷ+ㄴ", "걷는", rr, "geonneun"},
	{"nasalization ㅎ+ㄴ", "놓는", rr, "nonneun"},
	{"nasalization ㄼ in 밟 + ㄴ", "밟는", rr, "bamneun"},
	{"ㅇ+ㄹ reads ㅇㄴ", "종로", rr, "jongno"},
	{"ㅇ+ㄹ reads ㅇㄴ", "강릉", rr, "gangneung"},
	{"ㅁ+ㄹ reads ㅁㄴ", "침략", rr, "chimnyak"},
	{"ㅂ+ㄹ reads ㅁㄴ", "왕십리", rr, "wangsimni"},
	{"ㅂ+ㄹ reads ㅁㄴ", "압록", rr, "amnok"},
	{"ㄱ+ㄹ reads ㅇㄴ", "국립", rr, "gungnip"},
	{"ㅂ+ㄹ reads ㅁㄴ", "협력", rr, "hyeomnyeok"},
	{"ㄴ+ㄹ reads ㄴㄴ before 로 after two syllables", "신문로", rr, "sinmunno"},
	{"ㄴ+ㄹ reads ㄴㄴ before 량 after two syllables", "생산량", rr, "saengsannyang"},
	// Lateralization.
	{"lateralization ㄴ+ㄹ", "신라", rr, "silla"},
	{"lateralization ㄴ+ㄹ", "한라산", rr, "hallasan"},
	{"lateralization ㄴ+ㄹ", "전라도", rr, "jeollado"},
	{"lateralization ㄹ+ㄴ", "설날", rr, "seollal"},
	{"lateralization ㄹ+ㄴ", "별내", rr, "byeollae"},
	{"lateralization ㅀ+ㄴ", "뚫는", rr, "ttulleun"},
	{"lateralization ㄾ+ㄴ", "핥는", rr, "halleun"},
	{"ㄴ+ㄹ before 령 of a place name", "대관령", rr, "daegwallyeong"},
	// ㄴ insertion in listed compounds (rule 3.1.2; 표준 발음법 제29항).
	{"ㄴ insertion, the rules' example", "학여울", rr, "hangnyeoul"},
	{"ㄴ insertion after ㄹ reads ㄹ, the rules' example", "알약", rr, "allyak"},
	{"ㄴ insertion nasalizes ㄱ", "색연필", rr, "saengnyeonpil"},
	{"ㄴ insertion after ㅁ", "솜이불", rr, "somnibul"},
	{"ㄴ insertion after ㄴ", "맨입", rr, "maennip"},
	{"ㄴ insertion after ㄴ", "한여름", rr, "hannyeoreum"},
	{"ㄴ insertion after ㄴ", "눈요기", rr, "nunnyogi"},
	{"ㄴ insertion after ㄴ", "신여성", rr, "sinnyeoseong"},
	{"ㄴ insertion after ㄴ, station", "부산역", rr, "busannyeok"},
	{"ㄴ insertion after ㅁ", "담요", rr, "damnyo"},
	{"ㄴ insertion after ㅇ", "식용유", rr, "sigyongnyu"},
	{"ㄴ insertion after ㅇ", "콩엿", rr, "kongnyeot"},
	{"ㄴ insertion nasalizes ㄱ", "막일", rr, "mangnil"},
	{"ㄴ insertion nasalizes ㄱ twice over", "늑막염", rr, "neungmangnyeom"},
	{"ㄴ insertion nasalizes ㄱ", "내복약", rr, "naebongnyak"},
	{"ㄴ insertion nasalizes ㅂ", "영업용", rr, "yeongeomnyong"},
	{"ㄴ insertion nasalizes ㅊ read ㄷ", "꽃잎", rr, "kkonnip"},
	{"ㄴ insertion nasalizes ㅌ read ㄷ", "홑이불", rr, "honnibul"},
	{"ㄴ insertion nasalizes ㄳ read ㄱ", "삯일", rr, "sangnil"},
	{"ㄴ insertion after 사이시옷", "나뭇잎", rr, "namunnip"},
	{"ㄴ insertion after 사이시옷", "깻잎", rr, "kkaennip"},
	{"ㄴ insertion, nouns: ㄱ+ㅎ written apart", "직행열차", rr, "jikhaengnyeolcha"},
	{"ㄴ insertion, verbs: ㄱ+ㅎ aspirated", "직행열차", rrVerb, "jikaengnyeolcha"},
	{"ㄴ insertion after ㄹ reads ㄹ", "물약", rr, "mullyak"},
	{"ㄴ insertion after ㄹ reads ㄹ", "서울역", rr, "seoullyeok"},
	{"ㄴ insertion after ㄹ reads ㄹ", "불여우", rr, "bullyeou"},
	{"ㄴ insertion after ㄹ reads ㄹ", "솔잎", rr, "sollip"},
	{"ㄴ insertion after ㄹ reads ㄹ", "유들유들", rr, "yudeullyudeul"},
	{"ㄴ insertion before a particle", "서울역에서", rr, "seoullyeogeseo"},
	{"ㄴ insertion before a particle", "꽃잎이", rr, "kkonnipi"},
	{"ㄴ insertion before a verb ending", "설익은", rr, "seolligeun"},
	{"ㄴ insertion in a longer compound", "빨간색연필", rr, "ppalgansaengnyeonpil"},
	{"ㄴ insertion in a longer compound", "여름솜이불", rr, "yeoreumsomnibul"},
	{"ㄴ insertion in a title", "한여름의 추억", rr, "hannyeoreumui chueok"},
	{"ㄴ insertion leaves no hyphen at the boundary", "학여울", rrHy, "hangnyeo-ul"},
	{"no ㄴ insertion: Sino-Korean word", "금요일", rr, "geumyoil"},
	{"no ㄴ insertion: Sino-Korean word", "목요일", rr, "mogyoil"},
	{"no ㄴ insertion: the rule's exception", "3·1절", rr, "3·1jeol"},
	{"no ㄴ insertion: the rule's exception", "삼일절", rr, "samiljeol"},
	{"no ㄴ insertion: the rule's exception", "송별연", rr, "songbyeoryeon"},
	{"no ㄴ insertion: the rule's exception", "등용문", rr, "deungyongmun"},
	{"no ㄴ insertion: optional, written as spelled", "금융", rr, "geumyung"},
	{"no ㄴ insertion: a listed word by chance at a word's end", "마지막일까", rr, "majimagilkka"},
	{"no ㄴ insertion: 들일 of the verb 들이다", "받아들일", rr, "badadeuril"},
	{"no ㄴ insertion across a space", "한 여름", rr, "han yeoreum"},
	{"no ㄴ insertion after a vowel", "여름이불", rr, "yeoreumibul"},
	// Palatalization.
	{"palatalization ㄷ+이", "해돋이", rr, "haedoji"},
	{"palatalization ㅌ+이", "같이", rr, "gachi"},
	{"palatalization ㅌ+이", "밭이", rr, "bachi"},
	{"palatalization ㄷ+히", "굳히다", rr, "guchida"},
	{"ㅊ before 이 is liaison", "꽃이", rr, "kkochi"},
	// Aspiration with ㅎ.
	{"aspiration ㅎ+ㄱ", "좋고", rr, "joko"},
	{"aspiration ㅎ+ㄷ", "놓다", rr, "nota"},
	{"aspiration ㅎ+ㅈ", "낳지", rr, "nachi"},
	{"aspiration ㄶ+ㄱ", "않고", rr, "anko"},
	{"aspiration ㄶ+ㄷ", "많다", rr, "manta"},
	{"aspiration ㅀ+ㄷ", "싫다", rr, "silta"},
	{"aspiration ㅈ+ㅎ in any word", "맞히다", rr, "machida"},
	{"aspiration ㄵ+ㅎ in any word", "앉히다", rr, "anchida"},
	{"ㅎ+ㅅ reads ㅆ, tense not written", "좋소", rr, "joso"},
	{"ㄶ+ㄴ", "않는", rr, "anneun"},
	{"nouns: ㄱ+ㅎ written apart", "묵호", rr, "mukho"},
	{"nouns: ㅂ+ㅎ written apart", "집현전", rr, "jiphyeonjeon"},
	{"nouns: ㅂ+ㅎ in a title", "응답하라 1988", rr, "eungdaphara 1988"},
	{"verbs: ㅂ+ㅎ aspirated", "잡혀", rrVerb, "japyeo"},
	{"verbs: ㄱ+ㅎ aspirated", "묵호", rrVerb, "muko"},
	{"verbs: ㄺ+ㅎ", "밝히다", rrVerb, "balkida"},
	{"verbs: ㄼ+ㅎ", "넓히다", rrVerb, "neolpida"},
	{"verbs: a title read as spoken", "응답하라 1988", rrVerb, "eungdapara 1988"},
	{"ㅇ+ㅎ unchanged", "사랑해", rr, "saranghae"},
	{"ㄴ+ㅎ unchanged", "만화", rr, "manhwa"},
	// Tensing is not written.
	{"tensing not written", "압구정", rr, "apgujeong"},
	{"tensing not written", "낙동강", rr, "nakdonggang"},
	{"tensing not written", "죽변", rr, "jukbyeon"},
	{"tensing not written", "낙성대", rr, "nakseongdae"},
	{"tensing not written", "합정", rr, "hapjeong"},
	{"tensing not written", "팔당", rr, "paldang"},
	{"tensing not written", "샛별", rr, "saetbyeol"},
	{"tensing not written", "울산", rr, "ulsan"},
	// Hyphens where a reading is ambiguous (rule 3.2).
	{"hyphen ng+vowel", "중앙", rrHy, "jung-ang"},
	{"hyphen n+g", "반구대", rrHy, "ban-gudae"},
	{"hyphen vowel+vowel", "세운", rrHy, "se-un"},
	{"hyphen vowel+vowel", "해운대", rrHy, "hae-undae"},
	{"no hyphen unasked", "중앙", rr, "jungang"},
	{"no hyphen where unambiguous", "종로", rrHy, "jongno"},
	// Words: sound changes stay inside a word.
	{"no liaison across a space", "옷 안", rr, "ot an"},
	{"no nasalization across a space", "국 물", rr, "guk mul"},
	{"title", "사랑의 불시착", rr, "sarangui bulsichak"},
	{"title", "별에서 온 그대", rr, "byeoreseo on geudae"},
	{"title", "눈물의 여왕", rr, "nunmurui yeowang"},
	{"title", "오징어 게임", rr, "ojingeo geim"},
	{"title", "이태원 클라쓰", rr, "itaewon keullasseu"},
	{"punctuation ends a word", "종로-3가", rr, "jongno-3ga"},
	{"punctuation ends a word", "신!라", rr, "sin!ra"},
	// What is not Hangul passes through.
	{"empty", "", rr, ""},
	{"Latin", "Crash Landing on You", rr, "Crash Landing on You"},
	{"Hanja", "不時着", rr, "不時着"},
	{"Hanja beside Hangul", "사랑(愛)", rr, "sarang(愛)"},
	{"emoji", "사랑해 😀💕", rr, "saranghae 😀💕"},
	{"digits", "2521", rr, "2521"},
	{"Latin capitals kept, Hangul lowercase", "D.P. 디피", rr, "D.P. dipi"},
	{"archaic jamo pass through", "ㆍㅿ", rr, "ㆍㅿ"},
	{"Japanese kana pass through", "ドラマ 드라마", rr, "ドラマ deurama"},
	// Compatibility jamo standing alone.
	{"jamo consonant", "ㄱ", rr, "g"},
	{"jamo vowel", "ㅏ", rr, "a"},
	{"jamo ㅇ", "ㅇ", rr, "ng"},
	{"jamo laughter", "ㅋㅋㅋ", rr, "kkk"},
	{"jamo cluster", "ㄳ", rr, "gs"},
	{"jamo beside syllables", "ㅎㅎ 좋아", rr, "hh joa"},
	{"jamo MR", "ㅋㅓ", mr, "k'ŏ"},
	// Text in decomposed form (conjoining jamo) reads as its syllables.
	{"conjoining jamo", "\u1112\u1161\u11ab\u1100\u1173\u11af", rr, "hangeul"},
	{"conjoining jamo, liaison", "\u110b\u1169\u11ba\u110b\u1175", rr, "osi"},
	// McCune–Reischauer.
	{"MR title", "사랑의 불시착", mr, "sarangŭi pulshich'ak"},
	{"MR n'g", "한글", mr, "han'gŭl"},
	{"MR n'g", "잔금", mr, "chan'gŭm"},
	{"MR ng", "장음", mr, "changŭm"},
	{"MR n'g with hyphens", "반구대", mrHy, "pan-gudae"},
	{"MR aspirate ch'", "천사", mr, "ch'ŏnsa"},
	{"MR plain ch", "전사", mr, "chŏnsa"},
	{"MR aspirate t'", "토끼", mr, "t'okki"},
	{"MR plain t", "도끼", mr, "tokki"},
	{"MR aspirate k' p'", "코피", mr, "k'op'i"},
	{"MR voicing after l", "불고기", mr, "pulgogi"},
	{"MR voicing after a vowel", "부산", mr, "pusan"},
	{"MR voicing after a vowel", "대구", mr, "taegu"},
	{"MR no voicing after k", "국밥", mr, "kukpap"},
	{"MR voiced j", "아저씨", mr, "ajŏssi"},
	{"MR breves", "서울", mr, "sŏul"},
	{"MR sh before i", "잠실", mr, "chamshil"},
	{"MR sh before wi", "쉬", mr, "shwi"},
	{"MR ㅢ", "의사", mr, "ŭisa"},
	{"MR ㅢ", "광희문", mr, "kwanghŭimun"},
	{"MR ㅝ", "원", mr, "wŏn"},
	{"MR aspirate after palatalization", "같이", mr, "kach'i"},
	{"MR affricate after ㄱ", "뒤차기", mr, "twich'agi"},
	{"MR nasalization", "독립", mr, "tongnip"},
	{"MR nasalization ㅇ+ㄹ", "종로", mr, "chongno"},
	{"MR lateralization", "신라", mr, "shilla"},
	{"MR aspiration", "좋고", mr, "chok'o"},
	{"MR voiced before ㅇ-less vowel", "평양", mr, "p'yŏngyang"},
	{"MR Latin passes", "K-드라마", mr, "K-tŭrama"},
	{"MR ㄴ insertion", "색연필", mr, "saengnyŏnp'il"},
	{"MR ㄴ insertion after ㄹ reads ㄹ", "서울역", mr, "sŏullyŏk"},
	{"MR ㄴ insertion, voicing after n", "솜이불", mr, "somnibul"},
	{"MR no ㄴ insertion", "금요일", mr, "kŭmyoil"},
	// Names in text (Options.Name).
	{"name: no sound changes in a given name", "한복남", Options{Name: true}, "Han Boknam"},
	{"name: given name hyphenated", "한복남", Options{Name: true, Hyphenate: true}, "Han Bok-nam"},
	{"name: ㅊ final in a given name", "홍빛나", Options{Name: true}, "Hong Bitna"},
	{"name: ㅊ final, hyphenated", "홍빛나", Options{Name: true, Hyphenate: true}, "Hong Bit-na"},
	{"name: no nasalization", "이국민", Options{Name: true}, "I Gukmin"},
	{"name: no ㅇ+ㄹ change", "제갈성렬", Options{Name: true}, "Jegal Seongryeol"},
	{"name: two-syllable family", "남궁민수", Options{Name: true}, "Namgung Minsu"},
	{"name: family apart", "홍 길동", Options{Name: true}, "Hong Gildong"},
	{"name: common surname", "이민호", Options{Name: true, CommonSurname: true}, "Lee Minho"},
	{"name: common surname", "박보검", Options{Name: true, CommonSurname: true}, "Park Bogeom"},
	{"name: strict surname", "박보검", Options{Name: true}, "Bak Bogeom"},
	{"name: two people", "현빈, 손예진", Options{Name: true, CommonSurname: true}, "Hyun Bin, Son Yejin"},
	{"name: MR with voicing inside the given name", "김대중", Options{Name: true, System: MR, Hyphenate: true}, "Kim Tae-jung"},
	{"name: MR", "박정희", Options{Name: true, System: MR, Hyphenate: true}, "Pak Chŏng-hŭi"},
	{"name: one syllable", "민", Options{Name: true}, "Min"},
}

func TestRomanize(t *testing.T) {
	if len(cases) < 80 {
		t.Fatalf("only %d cases", len(cases))
	}
	for _, c := range cases {
		if got := Romanize(c.in, c.opt); got != c.want {
			t.Errorf("%s: Romanize(%q, %+v) = %q, want %q", c.rule, c.in, c.opt, got, c.want)
		}
	}
}

func TestNWords(t *testing.T) {
	// Every listed boundary is one the rule speaks of: a final consonant,
	// then 이, 야, 여, 요 or 유.
	for _, w := range nWords {
		first, rest, ok := strings.Cut(w, "-")
		if !ok || first == "" || rest == "" || strings.Contains(rest, "-") {
			t.Errorf("%q: want one hyphen between two parts", w)
			continue
		}
		last, _ := utf8.DecodeLastRuneInString(first)
		next, _ := utf8.DecodeRuneInString(rest)
		if _, _, f := decompose(last); f == fNone {
			t.Errorf("%q: the first part ends in a vowel", w)
		}
		if on, vo, _ := decompose(next); on != jNone || !takesN[vo] {
			t.Errorf("%q: the next part starts with %c", w, next)
		}
	}
}

func TestNotStringsWithoutHangulAreUnchanged(t *testing.T) {
	s := "Crash Landing on You (2019)"
	if got := Romanize(s, rr); got != s {
		t.Errorf("got %q", got)
	}
	if got := Romanize("a\xffb", rr); got != "a\uFFFDb" {
		t.Errorf("invalid UTF-8 came out as %q", got)
	}
}

func TestLongWord(t *testing.T) {
	// Longer than the stack buffers, with a sound change at the far end.
	in := strings.Repeat("가", 100) + "백마"
	want := strings.Repeat("ga", 100) + "baengma"
	if got := Romanize(in, rr); got != want {
		t.Errorf("got %q", got)
	}
}

func TestName(t *testing.T) {
	for _, c := range []struct {
		family, given string
		opt           Options
		want          string
	}{
		{"한", "복남", rr, "Han Boknam"},
		{"한", "복남", rrHy, "Han Bok-nam"},
		{"홍", "빛나", rrHy, "Hong Bit-na"},
		{"김", "연아", Options{CommonSurname: true}, "Kim Yeona"},
		{"김", "연아", Options{CommonSurname: true, Hyphenate: true}, "Kim Yeon-a"},
		{"정", "해인", Options{CommonSurname: true}, "Jung Haein"},
		{"정", "해인", rr, "Jeong Haein"},
		{"이", "종석", mrHy, "I Chong-sŏk"},
		{"선우", "정아", Options{CommonSurname: true}, "Sunwoo Jeonga"},
		{"선우", "정아", rr, "Seonu Jeonga"},
		{"", "빛나", rr, "Bitna"},
		{"송", "", rr, "Song"},
		{"", "", rr, ""},
		{" 전 ", " 지현 ", rr, "Jeon Jihyeon"},
		{"Kim", "Soo-hyun", rr, "Kim Soo-hyun"},
		{"뷁", "", Options{CommonSurname: true}, "Bwek"},
	} {
		if got := Name(c.family, c.given, c.opt); got != c.want {
			t.Errorf("Name(%q, %q, %+v) = %q, want %q", c.family, c.given, c.opt, got, c.want)
		}
	}
}

func TestSplitName(t *testing.T) {
	for _, c := range []struct{ in, family, given string }{
		{"한복남", "한", "복남"},
		{"남궁민수", "남궁", "민수"},
		{"남궁민", "남궁", "민"},
		{"선우", "선", "우"}, // two syllables: a family name and a given name
		{"홍 길동", "홍", "길동"},
		{"민", "민", ""},
		{"", "", ""},
	} {
		f, g := SplitName(c.in)
		if f != c.family || g != c.given {
			t.Errorf("SplitName(%q) = %q, %q; want %q, %q", c.in, f, g, c.family, c.given)
		}
	}
}

func TestFamilyVariants(t *testing.T) {
	for _, c := range []struct {
		h     string
		first string
		has   []string
	}{
		{"이", "Lee", []string{"Yi", "Rhee", "Ri", "I"}},
		{"정", "Jung", []string{"Jeong", "Chung"}},
		{"윤", "Yoon", []string{"Yun"}},
		{"리", "Ri", []string{"Lee", "Yi"}},
		{"박", "Park", []string{"Bak", "Pak"}},
		{"최", "Choi", []string{"Choe"}},
		{"남궁", "Namgung", []string{"Namkung"}},
		{"뷁", "Bwek", []string{"Pwek"}}, // not in the table: RR and MR
	} {
		got := FamilyVariants(c.h)
		if len(got) == 0 || got[0] != c.first {
			t.Errorf("FamilyVariants(%q) = %v, want %s first", c.h, got, c.first)
			continue
		}
		for _, h := range c.has {
			if !contains(got, h) {
				t.Errorf("FamilyVariants(%q) = %v, lacks %s", c.h, got, h)
			}
		}
		seen := map[string]bool{}
		for _, v := range got {
			if seen[strings.ToLower(v)] {
				t.Errorf("FamilyVariants(%q) repeats %s", c.h, v)
			}
			seen[strings.ToLower(v)] = true
		}
	}
	if v := FamilyVariants("Kim"); v != nil {
		t.Errorf("FamilyVariants(Kim) = %v", v)
	}
	// The slice is the caller's: changing it changes nothing for others.
	FamilyVariants("김")[0] = "X"
	if FamilyVariants("김")[0] != "Kim" {
		t.Error("FamilyVariants shares its table")
	}
}

func TestSyllableVariants(t *testing.T) {
	for _, c := range []struct {
		r   rune
		has []string
	}{
		{'혁', []string{"hyeok", "hyuk"}},
		{'정', []string{"jeong", "jung", "chung"}},
		{'윤', []string{"yun", "yoon"}},
		{'희', []string{"hui", "hee"}},
		{'수', []string{"su", "soo"}},
		{'영', []string{"yeong", "young"}},
		{'경', []string{"gyeong", "kyung"}},
		{'신', []string{"sin", "shin"}},
		{'우', []string{"u", "woo"}},
		{'지', []string{"ji", "jee"}},
	} {
		got := SyllableVariants(c.r)
		if len(got) == 0 || got[0] != c.has[0] {
			t.Errorf("SyllableVariants(%c) = %v, want %s first", c.r, got, c.has[0])
		}
		for _, h := range c.has {
			if !contains(got, h) {
				t.Errorf("SyllableVariants(%c) = %v, lacks %s", c.r, got, h)
			}
		}
	}
	if SyllableVariants('a') != nil || SyllableVariants('ㄱ') != nil {
		t.Error("variants of a rune that is not a syllable")
	}
}

func TestFold(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Sarang-ŭi pulshich'ak", "sarangui pulshichak"},
		{"SARANG-ŬI PULSHICH’AK", "sarangui pulshichak"},
		{"han'gŭl", "hangul"},
		{"  Kim,   Soo-hyun!  ", "kim soohyun"},
		{"Reply 1988", "reply 1988"},
		{"Café Minamdang", "cafe minamdang"},
		{"Ｋｉｍ", "kim"},
		{"사랑 love", "love"},
		{"", ""},
		{"--''", ""},
	} {
		if got := Fold(c.in); got != c.want {
			t.Errorf("Fold(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	// Folded MR and RR of the same title meet where the systems agree.
	if a, b := Fold(Romanize("사랑의 불시착", mr)), Fold("Sarang-ŭi pulshich'ak"); a != b {
		t.Errorf("folded MR %q, folded demo spelling %q", a, b)
	}
}

func TestConcurrentUse(t *testing.T) {
	// No shared mutable state: many goroutines get the same answers.
	done := make(chan bool)
	for g := 0; g < 8; g++ {
		go func() {
			ok := true
			for i := 0; i < 200; i++ {
				for _, c := range cases[:40] {
					ok = ok && Romanize(c.in, c.opt) == c.want
				}
			}
			done <- ok
		}()
	}
	for g := 0; g < 8; g++ {
		if !<-done {
			t.Error("a goroutine got a different answer")
		}
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// hangulLike are the runes Romanize may replace.
func hangulLike(r rune) bool {
	return (r >= 0xAC00 && r <= 0xD7A3) || (r >= 0x3131 && r <= 0x3163) || (r >= 0x1100 && r <= 0x11FF)
}

// romanLetter are the runes a romanization is written in.
func romanLetter(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == 'ŏ' || r == 'ŭ' || r == 'Ŏ' || r == 'Ŭ' || r == '\'' || r == '-'
}

func FuzzRomanize(f *testing.F) {
	for _, c := range cases {
		f.Add(c.in, uint8(0))
	}
	f.Add("不時着 😀 ㅋ\u1100\u1161 \u11a8", uint8(7))
	f.Add("\xff가", uint8(3))
	f.Fuzz(func(t *testing.T, s string, flags uint8) {
		opt := Options{System: System(flags & 1), Name: flags&2 != 0, Hyphenate: flags&4 != 0, Aspirate: flags&8 != 0, CommonSurname: flags&16 != 0}
		out := Romanize(s, opt)
		if !utf8.ValidString(out) {
			t.Fatalf("Romanize(%q) = %q, not UTF-8", s, out)
		}
		for _, r := range out {
			if r >= 0xAC00 && r <= 0xD7A3 {
				t.Fatalf("Romanize(%q) = %q keeps a syllable", s, out)
			}
		}
		in := strings.ToValidUTF8(s, "\uFFFD")
		hasHangul := strings.IndexFunc(in, hangulLike) >= 0
		if !hasHangul && out != in {
			t.Fatalf("Romanize(%q) = %q, changed text without Hangul", s, out)
		}
		// Runes that are neither Hangul nor letters of a romanization come out
		// all and in order.
		// Names add a space between family and given name.
		keep := func(r rune) bool { return !hangulLike(r) && !romanLetter(r) && !(opt.Name && r == ' ') }
		var want, got []rune
		for _, r := range in {
			if keep(r) {
				want = append(want, r)
			}
		}
		for _, r := range out {
			if keep(r) {
				got = append(got, r)
			}
		}
		if string(want) != string(got) {
			t.Fatalf("Romanize(%q) = %q: kept %q, want %q", s, out, string(got), string(want))
		}
	})
}

var benchTitles = []string{
	"사랑의 불시착", "도깨비", "별에서 온 그대", "응답하라 1988", "이태원 클라쓰", "오징어 게임",
	"스물다섯 스물하나", "갯마을 차차차", "슬기로운 의사생활", "눈물의 여왕", "더 글로리", "나의 아저씨",
	"호텔 델루나", "시그널", "킹덤", "미스터 션샤인", "비밀의 숲", "우리들의 블루스", "무빙", "D.P.",
}

// BenchmarkRomanize romanizes one short title per op.
func BenchmarkRomanize(b *testing.B) {
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		Romanize(benchTitles[i%len(benchTitles)], rr)
	}
}

func BenchmarkRomanizeMR(b *testing.B) {
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		Romanize(benchTitles[i%len(benchTitles)], mr)
	}
}

func BenchmarkFold(b *testing.B) {
	titles := make([]string, len(benchTitles))
	for i, t := range benchTitles {
		titles[i] = Romanize(t, mr)
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		Fold(titles[i%len(titles)])
	}
}
