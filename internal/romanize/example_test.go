package romanize_test

import (
	"fmt"

	"github.com/dramadb/dramadb/internal/romanize"
)

func ExampleRomanize() {
	fmt.Println(romanize.Romanize("사랑의 불시착", romanize.Options{}))
	fmt.Println(romanize.Romanize("사랑의 불시착", romanize.Options{System: romanize.MR}))
	fmt.Println(romanize.Romanize("종로 3가", romanize.Options{}))
	// Output:
	// sarangui bulsichak
	// sarangŭi pulshich'ak
	// jongno 3ga
}

func ExampleName() {
	fmt.Println(romanize.Name("한", "복남", romanize.Options{Hyphenate: true}))
	fmt.Println(romanize.Name("이", "민호", romanize.Options{CommonSurname: true}))
	// Output:
	// Han Bok-nam
	// Lee Minho
}

func ExampleFold() {
	fmt.Println(romanize.Fold("Sarang-ŭi pulshich'ak"))
	// Output: sarangui pulshichak
}

func ExampleFamilyVariants() {
	fmt.Println(romanize.FamilyVariants("윤"))
	// Output: [Yoon Yun Youn]
}
