package romanize

import (
	"slices"
	"strings"
)

// ㄴ insertion (ㄴ 첨가, 표준 발음법 제29항, written by rule 3.1.2 of the
// 2000 romanization: 학여울 → Hangnyeoul, 알약 → allyak): in a compound or
// derived word whose first part ends in a consonant and whose next part
// begins with 이, 야, 여, 요 or 유, ㄴ is added before that syllable (색연필 →
// 색년필), then nasalizes the final before it (생년필) or, after ㄹ, becomes
// ㄹ (서울역 → 서울력). Whether a word has such a boundary is a fact of the
// word, not of its spelling — 금요일 and 목요일 have none, nor 송별연 or
// 등용문 — so the words are listed, with a hyphen at the boundary as the
// dictionary marks it. The list holds the examples of 제29항 (verbs by
// their stem: 설익다 as 설익) and 제30항 3 and those of the romanization
// rules, leaving out 들일, which in text is mostly the verb 들이다
// (받아들일). Words where the rule allows either reading (금융, 검열,
// 야금야금) are left as they are spelled, as they are usually written.
var nWords = []string{
	// 제29항.
	"솜-이불", "홑-이불", "막-일", "삯-일", "맨-입", "꽃-잎", "내복-약", "한-여름",
	"남존-여비", "신-여성", "색-연필", "직행-열차", "늑막-염", "콩-엿", "담-요",
	"눈-요기", "영업-용", "식용-유", "백분-율", "밤-윷",
	"짓-이기", // of the rule's commentary
	// 제29항 붙임 1: after ㄹ, read ㄹ.
	"솔-잎", "설-익", "물-약", "불-여우", "서울-역", "물-엿", "휘발-유", "유들-유들",
	// Station names, as 서울역 and 수원역 of the rule's commentary.
	"수원-역", "부산-역",
	// 제30항 3: after 사이시옷, ㄴㄴ (깻잎 → 깬닙).
	"베갯-잇", "깻-잎", "나뭇-잎", "도리깻-열", "뒷-윷",
	// The romanization rules.
	"학-여울", "알-약",
}

// nWord is one word of nWords: its syllables and the index of the one ㄴ
// is added to.
type nWord struct {
	word []rune
	at   int
}

// nIndex holds the words of nWords by the syllable ㄴ is added to, so a
// word is only looked for where it could be.
var nIndex = func() map[rune][]nWord {
	m := map[rune][]nWord{}
	for _, w := range nWords {
		first, rest, _ := strings.Cut(w, "-")
		e := nWord{word: []rune(first + rest), at: len([]rune(first))}
		m[e.word[e.at]] = append(m[e.word[e.at]], e)
	}
	return m
}()

// takesN marks the vowels of the syllables ㄴ can be added to: ㅣ ㅑ ㅕ ㅛ ㅠ.
var takesN = [nVowel]bool{2: true, 6: true, 12: true, 17: true, vI: true}

// addsN reports whether ㄴ is added to syllable i of word: whether a word
// of nWords stands there with its boundary before i. A listed word of two
// syllables counts only at the start of a word (꽃잎이, 알약을), because
// inside a longer word it is too often the chance meeting of a word's end
// and an ending (마지막일까 is not 마지막 + 막일); longer listed words count
// anywhere in the word (여름솜이불, 빨간색연필).
func addsN(word []rune, i int) bool {
	for _, e := range nIndex[word[i]] {
		from := i - e.at
		if from < 0 || from+len(e.word) > len(word) || (from > 0 && len(e.word) < 3) {
			continue
		}
		if slices.Equal(word[from:from+len(e.word)], e.word) {
			return true
		}
	}
	return false
}
