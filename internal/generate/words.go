package generate

// Word lists the synthetic catalog is built from. A word carries its
// translation into each language a title can be in; an empty translation
// keeps it out of that language's titles.

type word struct {
	en, ko, ja, zh, th string
}

func (w word) in(lang string) string {
	switch lang {
	case "ko":
		return w.ko
	case "ja":
		return w.ja
	case "zh":
		return w.zh
	case "th":
		return w.th
	}
	return w.en
}

// nouns are things and ideas; roles (below) are people.
var nouns = []word{
	{"Love", "사랑", "恋", "爱", "ความรัก"},
	{"Secret", "비밀", "秘密", "秘密", "ความลับ"},
	{"Garden", "정원", "庭", "花园", "สวน"},
	{"Moonlight", "달빛", "月光", "月光", "แสงจันทร์"},
	{"Night", "밤", "夜", "夜", "ค่ำคืน"},
	{"Dream", "꿈", "夢", "梦", "ความฝัน"},
	{"Flower", "꽃", "花", "花", "ดอกไม้"},
	{"Star", "별", "星", "星", "ดวงดาว"},
	{"Sea", "바다", "海", "海", "ทะเล"},
	{"Sky", "하늘", "空", "天空", "ท้องฟ้า"},
	{"Spring", "봄", "春", "春天", "ฤดูใบไม้ผลิ"},
	{"Summer", "여름", "夏", "夏天", "ฤดูร้อน"},
	{"Autumn", "가을", "秋", "秋天", ""},
	{"Winter", "겨울", "冬", "冬天", "ฤดูหนาว"},
	{"Rain", "비", "雨", "雨", "สายฝน"},
	{"Snow", "눈", "雪", "雪", "หิมะ"},
	{"Wind", "바람", "風", "风", "สายลม"},
	{"Heart", "마음", "心", "心", "หัวใจ"},
	{"Memory", "기억", "記憶", "记忆", "ความทรงจำ"},
	{"Promise", "약속", "約束", "约定", "คำสัญญา"},
	{"Lie", "거짓말", "嘘", "谎言", "คำโกหก"},
	{"Truth", "진실", "真実", "真相", "ความจริง"},
	{"Revenge", "복수", "復讐", "复仇", "แรงแค้น"},
	{"Fate", "운명", "運命", "缘", "พรหมลิขิต"},
	{"Time", "시간", "時間", "时光", "เวลา"},
	{"Moon", "달", "月", "月", "พระจันทร์"},
	{"Sun", "태양", "太陽", "太阳", "ดวงตะวัน"},
	{"Light", "빛", "光", "光", "แสง"},
	{"Shadow", "그림자", "影", "影子", "เงา"},
	{"Fire", "불꽃", "炎", "火焰", "เปลวไฟ"},
	{"Tears", "눈물", "涙", "眼泪", "น้ำตา"},
	{"Smile", "미소", "笑顔", "微笑", "รอยยิ้ม"},
	{"Kiss", "키스", "キス", "吻", "จุมพิต"},
	{"Road", "길", "道", "路", "เส้นทาง"},
	{"House", "집", "家", "家", "บ้าน"},
	{"Door", "문", "扉", "门", "ประตู"},
	{"Window", "창문", "窓", "窗", "หน้าต่าง"},
	{"Bridge", "다리", "橋", "桥", "สะพาน"},
	{"Station", "역", "駅", "车站", "สถานี"},
	{"City", "도시", "街", "城市", "เมือง"},
	{"Village", "마을", "村", "村庄", "หมู่บ้าน"},
	{"Island", "섬", "島", "岛", "เกาะ"},
	{"Mountain", "산", "山", "山", "ภูเขา"},
	{"River", "강", "川", "河", "แม่น้ำ"},
	{"Palace", "궁궐", "宮殿", "宫", "วัง"},
	{"Kingdom", "왕국", "王国", "王国", "อาณาจักร"},
	{"Empire", "제국", "帝国", "帝国", "จักรวรรดิ"},
	{"Throne", "왕좌", "王座", "王座", "บัลลังก์"},
	{"Crown", "왕관", "王冠", "王冠", "มงกุฎ"},
	{"Sword", "검", "剣", "剑", "ดาบ"},
	{"Mask", "가면", "仮面", "面具", "หน้ากาก"},
	{"Letter", "편지", "手紙", "信", "จดหมาย"},
	{"Diary", "일기", "日記", "日记", "บันทึก"},
	{"Song", "노래", "歌", "歌", "บทเพลง"},
	{"Game", "게임", "ゲーム", "游戏", "เกม"},
	{"Trap", "함정", "罠", "陷阱", "กับดัก"},
	{"Legend", "전설", "伝説", "传说", "ตำนาน"},
	{"Miracle", "기적", "奇跡", "奇迹", "ปาฏิหาริย์"},
	{"Youth", "청춘", "青春", "青春", "วัยรุ่น"},
	{"Family", "가족", "家族", "家人", "ครอบครัว"},
	{"Hospital", "병원", "病院", "医院", "โรงพยาบาล"},
	{"School", "학교", "学校", "学校", "โรงเรียน"},
	{"Kitchen", "주방", "台所", "厨房", "ครัว"},
	{"Bookstore", "서점", "書店", "书店", "ร้านหนังสือ"},
	{"Café", "카페", "カフェ", "咖啡馆", "คาเฟ่"},
	{"Courtroom", "법정", "法廷", "法庭", "ศาล"},
	{"Office", "사무실", "オフィス", "办公室", "ออฟฟิศ"},
	{"Wedding", "결혼식", "結婚式", "婚礼", "งานแต่งงาน"},
	{"Marriage", "결혼", "結婚", "婚姻", "การแต่งงาน"},
	{"Contract", "계약", "契約", "契约", "สัญญาจ้าง"},
	{"Scandal", "스캔들", "スキャンダル", "绯闻", "ข่าวฉาว"},
	{"Romance", "로맨스", "ロマンス", "浪漫", "โรแมนซ์"},
	{"Vacation", "휴가", "休暇", "假期", "วันหยุด"},
	{"Tiger", "호랑이", "虎", "虎", "เสือ"},
	{"Fox", "여우", "狐", "狐", "จิ้งจอก"},
	{"Crane", "학", "鶴", "鹤", ""},
	{"Camellia", "동백꽃", "椿", "山茶花", ""},
	{"Goblin", "도깨비", "", "", ""},
	{"Ghost", "유령", "幽霊", "幽灵", "ผี"},
	{"Angel", "천사", "天使", "天使", "นางฟ้า"},
	{"Devil", "악마", "悪魔", "恶魔", "ปีศาจ"},
	{"Hero", "영웅", "英雄", "英雄", "ฮีโร่"},
	{"Witch", "마녀", "魔女", "女巫", "แม่มด"},
	{"Crash Landing", "불시착", "不時着", "", ""},
	{"Blossom", "꽃망울", "蕾", "花蕾", ""},
	{"Melody", "선율", "旋律", "旋律", "ท่วงทำนอง"},
}

// roles are people: professions and parts people play in a story.
var roles = []word{
	{"King", "왕", "王", "王", "ราชา"},
	{"Queen", "왕비", "王妃", "王后", "ราชินี"},
	{"Prince", "왕자", "王子", "王子", "เจ้าชาย"},
	{"Princess", "공주", "姫", "公主", "เจ้าหญิง"},
	{"Crown Prince", "세자", "皇太子", "太子", ""},
	{"Doctor", "의사", "医者", "医生", "หมอ"},
	{"Lawyer", "변호사", "弁護士", "律师", "ทนาย"},
	{"Attorney", "변호사", "弁護士", "律师", "ทนายความ"},
	{"Prosecutor", "검사", "検事", "检察官", "อัยการ"},
	{"Detective", "형사", "刑事", "侦探", "นักสืบ"},
	{"Judge", "판사", "判事", "法官", "ผู้พิพากษา"},
	{"Chef", "요리사", "料理人", "厨师", "เชฟ"},
	{"Teacher", "선생님", "先生", "老师", "ครู"},
	{"Nurse", "간호사", "看護師", "护士", "พยาบาล"},
	{"Pilot", "조종사", "パイロット", "机长", "นักบิน"},
	{"Soldier", "군인", "兵士", "军人", "ทหาร"},
	{"Captain", "대위", "大尉", "上尉", "ผู้กอง"},
	{"Spy", "스파이", "スパイ", "间谍", "สายลับ"},
	{"Butler", "집사", "執事", "管家", "พ่อบ้าน"},
	{"Secretary", "비서", "秘書", "秘书", "เลขา"},
	{"CEO", "대표", "社長", "总裁", "ประธาน"},
	{"Heir", "상속자", "後継者", "继承人", "ทายาท"},
	{"Heiress", "상속녀", "令嬢", "千金", "ทายาทสาว"},
	{"Bride", "신부", "花嫁", "新娘", "เจ้าสาว"},
	{"Husband", "남편", "夫", "丈夫", "สามี"},
	{"Wife", "아내", "妻", "妻子", "ภรรยา"},
	{"Neighbor", "이웃", "隣人", "邻居", "เพื่อนบ้าน"},
	{"Friend", "친구", "友達", "朋友", "เพื่อน"},
	{"Stranger", "이방인", "異邦人", "陌生人", "คนแปลกหน้า"},
	{"Idol", "아이돌", "アイドル", "偶像", "ไอดอล"},
	{"Singer", "가수", "歌手", "歌手", "นักร้อง"},
	{"Actress", "여배우", "女優", "女演员", "นักแสดง"},
	{"Writer", "작가", "作家", "作家", "นักเขียน"},
	{"Student", "학생", "学生", "学生", "นักเรียน"},
	{"Genius", "천재", "天才", "天才", "อัจฉริยะ"},
	{"Rookie", "신입", "新人", "新人", "มือใหม่"},
	{"Hacker", "해커", "ハッカー", "黑客", "แฮกเกอร์"},
	{"Thief", "도둑", "泥棒", "小偷", "หัวขโมย"},
	{"Bodyguard", "경호원", "ボディーガード", "保镖", "บอดี้การ์ด"},
	{"Reporter", "기자", "記者", "记者", "นักข่าว"},
	{"Baker", "제빵사", "パン職人", "面包师", "คนทำขนม"},
	{"Surgeon", "외과의사", "外科医", "外科医生", "ศัลยแพทย์"},
	{"Scholar", "선비", "学者", "书生", ""},
	{"Swordsman", "검객", "剣士", "剑客", "นักดาบ"},
	{"Matchmaker", "중매쟁이", "仲人", "媒人", "แม่สื่อ"},
	{"Webtoon Artist", "웹툰 작가", "漫画家", "漫画家", "นักวาดการ์ตูน"},
}

// adjectives describe nouns and roles in titles.
var adjectives = []word{
	{"Secret", "비밀의", "秘密の", "秘密的", "ลับ"},
	{"Moonlit", "달빛", "月夜の", "月光下的", "ใต้แสงจันทร์"},
	{"Hidden", "숨겨진", "隠された", "隐藏的", "ที่ซ่อนอยู่"},
	{"Last", "마지막", "最後の", "最后的", "สุดท้าย"},
	{"First", "첫", "初めての", "最初的", "แรก"},
	{"Eternal", "영원한", "永遠の", "永恒的", "นิรันดร์"},
	{"Crazy", "미친", "狂った", "疯狂的", "สุดบ้า"},
	{"Dangerous", "위험한", "危険な", "危险的", "อันตราย"},
	{"Sweet", "달콤한", "甘い", "甜蜜的", "หวาน"},
	{"Cold", "차가운", "冷たい", "冰冷的", "เย็นชา"},
	{"Warm", "따뜻한", "温かい", "温暖的", "อบอุ่น"},
	{"Strange", "이상한", "奇妙な", "奇怪的", "แปลกประหลาด"},
	{"Extraordinary", "이상한", "非凡な", "非凡的", ""},
	{"Lonely", "외로운", "孤独な", "孤独的", "เหงา"},
	{"Brilliant", "찬란한", "輝かしい", "灿烂的", "เจิดจ้า"},
	{"Red", "붉은", "赤い", "红色的", "สีแดง"},
	{"Blue", "푸른", "青い", "蓝色的", "สีฟ้า"},
	{"Black", "검은", "黒い", "黑色的", "สีดำ"},
	{"White", "하얀", "白い", "白色的", "สีขาว"},
	{"Golden", "황금빛", "黄金の", "金色的", "สีทอง"},
	{"Little", "작은", "小さな", "小小的", "น้อย"},
	{"Perfect", "완벽한", "完璧な", "完美的", "แสนสมบูรณ์แบบ"},
	{"Forbidden", "금지된", "禁じられた", "禁忌的", "ต้องห้าม"},
	{"Lost", "잃어버린", "失われた", "失落的", "ที่หายไป"},
	{"Fake", "가짜", "偽りの", "假的", "จอมปลอม"},
	{"Beautiful", "아름다운", "美しい", "美丽的", "แสนงาม"},
	{"Mysterious", "신비한", "不思議な", "神秘的", "ลึกลับ"},
	{"Quiet", "조용한", "静かな", "安静的", "เงียบงัน"},
	{"Brave", "용감한", "勇敢な", "勇敢的", "ผู้กล้า"},
	{"Sad", "슬픈", "悲しい", "悲伤的", "แสนเศร้า"},
	{"Happy", "행복한", "幸せな", "幸福的", "แสนสุข"},
	{"Royal", "왕실의", "王室の", "皇家的", "แห่งราชวงศ์"},
	{"Midnight", "한밤의", "真夜中の", "午夜的", "เที่ยงคืน"},
	{"Shining", "빛나는", "輝く", "闪耀的", "ที่ส่องประกาย"},
	{"Gentle", "다정한", "優しい", "温柔的", "อ่อนโยน"},
	{"Wicked", "사악한", "邪悪な", "邪恶的", "ชั่วร้าย"},
	{"Fateful", "운명적인", "運命の", "命中注定的", "แห่งโชคชะตา"},
	{"Invisible", "보이지 않는", "見えない", "看不见的", "ที่มองไม่เห็น"},
	{"Dazzling", "눈부신", "眩しい", "耀眼的", "แสนพราว"},
	{"Wild", "거친", "荒々しい", "狂野的", "ป่าเถื่อน"},
}

// verbs complete "When the … " titles; Korean takes a subject particle.
var verbs = []struct{ en, ko string }{
	{"Blooms", "필 때"}, {"Falls", "질 때"}, {"Returns", "돌아올 때"}, {"Sleeps", "잠들 때"},
	{"Shines", "빛날 때"}, {"Calls", "부를 때"}, {"Weeps", "울 때"}, {"Wakes", "깨어날 때"},
	{"Rises", "떠오를 때"}, {"Sings", "노래할 때"},
}

// places are Korean cities and neighbourhoods.
var places = []struct{ en, ko string }{
	{"Seoul", "서울"}, {"Busan", "부산"}, {"Jeju", "제주"}, {"Incheon", "인천"}, {"Daegu", "대구"},
	{"Gwangju", "광주"}, {"Gangneung", "강릉"}, {"Jeonju", "전주"}, {"Gyeongju", "경주"}, {"Sokcho", "속초"},
	{"Tongyeong", "통영"}, {"Hanyang", "한양"}, {"Itaewon", "이태원"}, {"Gangnam", "강남"}, {"Hongdae", "홍대"},
	{"Mokpo", "목포"}, {"Yeosu", "여수"}, {"Suwon", "수원"}, {"Daejeon", "대전"}, {"Chuncheon", "춘천"},
}

var birthCities = []string{
	"Seoul", "Seoul", "Seoul", "Seoul", "Busan", "Busan", "Incheon", "Daegu", "Daejeon", "Gwangju",
	"Suwon", "Ulsan", "Jeonju", "Cheongju", "Jeju", "Changwon", "Pohang", "Gangneung", "Chuncheon", "Mokpo",
}

// Family names with their frequency (per mille), the popular romanization
// people use and other spellings seen in credits.
type familyName struct {
	ko       string
	weight   int
	popular  string
	variants []string
}

var familyNames = []familyName{
	{"김", 215, "Kim", []string{"Gim"}},
	{"이", 147, "Lee", []string{"Yi", "Rhee", "Ri"}},
	{"박", 84, "Park", []string{"Pak", "Bak"}},
	{"최", 47, "Choi", []string{"Choe"}},
	{"정", 43, "Jung", []string{"Jeong", "Chung"}},
	{"강", 23, "Kang", []string{"Gang"}},
	{"조", 21, "Cho", []string{"Jo"}},
	{"윤", 21, "Yoon", []string{"Yun"}},
	{"장", 20, "Jang", []string{"Chang"}},
	{"임", 17, "Lim", []string{"Im", "Yim"}},
	{"한", 15, "Han", nil},
	{"오", 15, "Oh", []string{"O"}},
	{"서", 15, "Seo", []string{"Suh"}},
	{"신", 14, "Shin", []string{"Sin"}},
	{"권", 14, "Kwon", []string{"Gwon"}},
	{"황", 14, "Hwang", nil},
	{"안", 14, "Ahn", []string{"An"}},
	{"송", 13, "Song", nil},
	{"전", 11, "Jeon", []string{"Jun", "Chun"}},
	{"홍", 11, "Hong", nil},
	{"유", 11, "Yoo", []string{"Yu"}},
	{"고", 9, "Go", []string{"Ko"}},
	{"문", 9, "Moon", []string{"Mun"}},
	{"양", 9, "Yang", nil},
	{"손", 9, "Son", []string{"Sohn"}},
	{"배", 8, "Bae", nil},
	{"백", 7, "Baek", []string{"Paik"}},
	{"허", 6, "Heo", []string{"Huh"}},
	{"남", 5, "Nam", nil},
	{"심", 5, "Shim", []string{"Sim"}},
	{"노", 5, "Noh", []string{"Roh"}},
	{"하", 4, "Ha", nil},
	{"곽", 4, "Kwak", []string{"Gwak"}},
	{"성", 4, "Sung", []string{"Seong"}},
	{"차", 4, "Cha", nil},
	{"주", 4, "Joo", []string{"Ju"}},
	{"우", 4, "Woo", []string{"U"}},
	{"구", 4, "Koo", []string{"Gu"}},
	{"민", 3, "Min", nil},
	{"류", 3, "Ryu", []string{"Yoo"}},
	{"나", 3, "Na", []string{"Ra"}},
	{"진", 3, "Jin", nil},
	{"지", 3, "Ji", nil},
	{"엄", 3, "Um", []string{"Eom"}},
	{"채", 3, "Chae", nil},
	{"원", 2, "Won", nil},
	{"천", 2, "Cheon", []string{"Chun"}},
	{"방", 2, "Bang", nil},
	{"공", 2, "Gong", []string{"Kong"}},
	{"현", 2, "Hyun", []string{"Hyeon"}},
	{"변", 2, "Byun", []string{"Byeon"}},
	{"염", 1, "Yeom", nil},
	{"여", 1, "Yeo", nil},
	{"추", 1, "Choo", []string{"Chu"}},
	{"도", 1, "Do", nil},
	{"소", 1, "So", nil},
	{"석", 1, "Seok", []string{"Suk"}},
	{"선", 1, "Sun", []string{"Seon"}},
	{"설", 1, "Seol", []string{"Sul"}},
	{"마", 1, "Ma", nil},
	{"길", 1, "Gil", []string{"Kil"}},
	{"연", 1, "Yeon", nil},
	{"위", 1, "Wi", []string{"Wee"}},
	{"표", 1, "Pyo", nil},
	{"명", 1, "Myung", []string{"Myeong"}},
	{"기", 1, "Ki", []string{"Gi"}},
	{"반", 1, "Ban", nil},
	{"왕", 1, "Wang", nil},
	{"금", 1, "Geum", []string{"Keum"}},
	{"옥", 1, "Ok", nil},
	{"육", 1, "Yook", []string{"Yuk"}},
	{"인", 1, "In", nil},
	{"제", 1, "Je", nil},
	{"모", 1, "Mo", nil},
	{"탁", 1, "Tak", nil},
	{"봉", 1, "Bong", nil},
	{"황보", 1, "Hwangbo", nil},
	{"남궁", 1, "Namgung", []string{"Namkoong"}},
	{"선우", 1, "Sunwoo", []string{"Seonu"}},
	{"제갈", 1, "Jegal", nil},
}

// Given-name syllables with their popular romanization and, when common,
// another spelling.
type givenSyllable struct {
	ko, popular, variant string
}

var givenSyllables = []givenSyllable{
	{"지", "ji", ""}, {"은", "eun", ""}, {"민", "min", ""}, {"서", "seo", ""}, {"준", "jun", "joon"},
	{"현", "hyun", "hyeon"}, {"우", "woo", "u"}, {"수", "soo", "su"}, {"영", "young", "yeong"}, {"희", "hee", ""},
	{"진", "jin", ""}, {"하", "ha", ""}, {"윤", "yoon", "yun"}, {"혜", "hye", ""}, {"성", "sung", "seong"},
	{"호", "ho", ""}, {"재", "jae", ""}, {"동", "dong", ""}, {"태", "tae", ""}, {"아", "ah", "a"},
	{"연", "yeon", ""}, {"유", "yoo", "yu"}, {"나", "na", ""}, {"다", "da", ""}, {"소", "so", ""},
	{"예", "ye", ""}, {"주", "joo", "ju"}, {"원", "won", ""}, {"경", "kyung", "gyeong"}, {"상", "sang", ""},
	{"정", "jung", "jeong"}, {"혁", "hyuk", "hyeok"}, {"빈", "bin", ""}, {"석", "seok", "suk"}, {"철", "chul", "cheol"},
	{"승", "seung", ""}, {"린", "rin", ""}, {"도", "do", ""}, {"채", "chae", ""}, {"보", "bo", ""},
	{"가", "ga", ""}, {"시", "si", "shi"}, {"규", "kyu", "gyu"}, {"환", "hwan", ""}, {"훈", "hoon", "hun"},
	{"찬", "chan", ""}, {"건", "gun", "geon"}, {"미", "mi", ""}, {"선", "sun", "seon"}, {"세", "se", ""},
	{"인", "in", ""}, {"해", "hae", ""}, {"한", "han", ""}, {"범", "bum", "beom"}, {"명", "myung", "myeong"},
	{"람", "ram", ""}, {"솔", "sol", ""}, {"별", "byul", "byeol"}, {"율", "yul", ""}, {"온", "on", ""},
	{"라", "ra", ""}, {"리", "ri", ""}, {"화", "hwa", ""}, {"란", "ran", ""}, {"옥", "ok", ""},
	{"숙", "sook", "suk"}, {"자", "ja", ""}, {"순", "soon", "sun"}, {"용", "yong", ""}, {"일", "il", ""},
	{"기", "ki", "gi"}, {"근", "geun", "keun"}, {"형", "hyung", "hyeong"}, {"종", "jong", ""}, {"병", "byung", "byeong"},
	{"택", "taek", ""}, {"열", "yeol", "yul"}, {"욱", "wook", "uk"}, {"효", "hyo", ""}, {"설", "seol", ""},
	{"슬", "seul", ""}, {"새", "sae", ""}, {"봄", "bom", ""}, {"광", "kwang", "gwang"}, {"웅", "woong", "ung"},
	{"창", "chang", ""}, {"중", "joong", "jung"}, {"세", "se", ""}, {"여", "yeo", ""}, {"의", "eui", "ui"},
	{"강", "kang", "gang"}, {"비", "bi", ""}, {"담", "dam", ""}, {"결", "gyeol", "kyul"}, {"겸", "gyeom", ""},
}

// Names for characters of Japanese, Chinese and Thai titles: Latin, native.
type nativeName struct{ latin, native string }

var (
	jaFamily = []nativeName{{"Sato", "佐藤"}, {"Suzuki", "鈴木"}, {"Takahashi", "高橋"}, {"Tanaka", "田中"}, {"Watanabe", "渡辺"},
		{"Ito", "伊藤"}, {"Yamamoto", "山本"}, {"Nakamura", "中村"}, {"Kobayashi", "小林"}, {"Kato", "加藤"}, {"Yoshida", "吉田"},
		{"Yamada", "山田"}, {"Sasaki", "佐々木"}, {"Matsumoto", "松本"}, {"Inoue", "井上"}, {"Kimura", "木村"}, {"Hayashi", "林"}, {"Shimizu", "清水"}}
	jaGiven = []nativeName{{"Haruto", "陽翔"}, {"Ren", "蓮"}, {"Yui", "結衣"}, {"Aoi", "葵"}, {"Sota", "蒼太"}, {"Hina", "陽菜"},
		{"Yuto", "悠斗"}, {"Mio", "澪"}, {"Riku", "陸"}, {"Sakura", "さくら"}, {"Kaito", "海斗"}, {"Yuna", "結菜"}, {"Takumi", "拓海"},
		{"Mei", "芽依"}, {"Haruka", "遥"}, {"Daiki", "大輝"}, {"Misaki", "美咲"}, {"Kenta", "健太"}}
	zhFamily = []nativeName{{"Wang", "王"}, {"Li", "李"}, {"Zhang", "张"}, {"Liu", "刘"}, {"Chen", "陈"}, {"Yang", "杨"},
		{"Zhao", "赵"}, {"Huang", "黄"}, {"Zhou", "周"}, {"Wu", "吴"}, {"Xu", "徐"}, {"Sun", "孙"}, {"Lin", "林"}, {"He", "何"},
		{"Gao", "高"}, {"Luo", "罗"}, {"Song", "宋"}, {"Shen", "沈"}}
	zhGiven = []nativeName{{"Wei", "伟"}, {"Fang", "芳"}, {"Xiuying", "秀英"}, {"Jing", "静"}, {"Lei", "磊"}, {"Yang", "洋"},
		{"Yan", "艳"}, {"Jie", "杰"}, {"Tao", "涛"}, {"Ming", "明"}, {"Xin", "欣"}, {"Hao", "浩"}, {"Yu", "宇"}, {"Zhiyuan", "志远"},
		{"Ruoxi", "若曦"}, {"Jinyu", "瑾瑜"}, {"Zixuan", "子轩"}, {"Yutong", "雨桐"}}
	thFamily = []nativeName{{"Saetang", "แซ่ตั้ง"}, {"Wongsawat", "วงศ์สวัสดิ์"}, {"Srisuk", "ศรีสุข"}, {"Rattanakul", "รัตนกุล"},
		{"Chaiyaporn", "ชัยพร"}, {"Boonmee", "บุญมี"}, {"Thongdee", "ทองดี"}, {"Kittisak", "กิตติศักดิ์"}, {"Suksawat", "สุขสวัสดิ์"},
		{"Phromma", "พรหมมา"}, {"Jaidee", "ใจดี"}, {"Rungruang", "รุ่งเรือง"}}
	thGiven = []nativeName{{"Somchai", "สมชาย"}, {"Nattapong", "ณัฐพงศ์"}, {"Siriporn", "ศิริพร"}, {"Kanya", "กัญญา"},
		{"Thanawat", "ธนวัฒน์"}, {"Pimchanok", "พิมพ์ชนก"}, {"Chaiwat", "ชัยวัฒน์"}, {"Ploy", "พลอย"}, {"Krit", "กฤษ"},
		{"Nicha", "ณิชา"}, {"Pawat", "ภวัต"}, {"Arthit", "อาทิตย์"}, {"Kawin", "กวิน"}, {"Praew", "แพรว"}}
)

var genres = []string{
	"Romance", "Comedy", "Drama", "Melodrama", "Thriller", "Mystery", "Crime", "Action", "Fantasy",
	"Historical", "Medical", "Legal", "Family", "Youth", "Horror", "Sci-Fi", "Political", "Business",
	"Sports", "Music", "Supernatural", "Food", "Military", "Life",
}

type tagDef struct{ kind, name string }

var tags = []tagDef{
	{"trope", "Enemies to lovers"}, {"trope", "Contract marriage"}, {"trope", "Amnesia"}, {"trope", "Time travel"},
	{"trope", "Chaebol heir"}, {"trope", "Love triangle"}, {"trope", "Fake dating"}, {"trope", "Body swap"},
	{"trope", "Second chance romance"}, {"trope", "Secret identity"}, {"trope", "Childhood friends"},
	{"trope", "Revenge plot"}, {"trope", "Fish out of water"}, {"trope", "Bodyguard romance"}, {"trope", "Office romance"},
	{"trope", "Found family"}, {"trope", "Reincarnation"}, {"trope", "Age gap"},
	{"theme", "Family"}, {"theme", "Friendship"}, {"theme", "Class divide"}, {"theme", "Grief"}, {"theme", "Justice"},
	{"theme", "Ambition"}, {"theme", "Coming of age"}, {"theme", "Corruption"}, {"theme", "Healing"}, {"theme", "First love"},
	{"keyword", "Hospital"}, {"keyword", "Courtroom"}, {"keyword", "Joseon"}, {"keyword", "High school"},
	{"keyword", "Office"}, {"keyword", "Idol industry"}, {"keyword", "Food"}, {"keyword", "Webtoon adaptation"},
	{"keyword", "Novel adaptation"}, {"keyword", "Small town"}, {"keyword", "Serial killer"}, {"keyword", "Chaebol"},
}

// Broadcasters by language, and streaming platforms.
var (
	broadcasters = map[string][]string{
		"ko": {"tvN", "tvN", "KBS2", "KBS2", "MBC", "MBC", "SBS", "SBS", "JTBC", "JTBC", "ENA", "OCN", "KBS1", "MBN", "TV Chosun", "Channel A"},
		"ja": {"Fuji TV", "TBS", "NHK", "TV Asahi", "Nippon TV", "TV Tokyo"},
		"zh": {"Hunan TV", "Dragon TV", "Zhejiang TV", "Jiangsu TV", "CCTV-8"},
		"th": {"GMM 25", "Channel 3", "Channel 7", "one31", "GMMTV"},
	}
	originalPlatforms = map[string][]string{
		"ko": {"Netflix", "Netflix", "Disney+", "TVING", "Coupang Play", "Wavve"},
		"ja": {"Netflix", "Amazon Prime Video", "Hulu Japan"},
		"zh": {"iQIYI", "Tencent Video", "Youku", "Mango TV"},
		"th": {"Netflix", "WeTV", "Viu"},
	}
	platforms = []string{"Netflix", "Netflix", "Netflix", "Viki", "Viki", "Disney+", "TVING", "Wavve", "Amazon Prime Video",
		"Apple TV+", "Viu", "iQIYI", "WeTV", "Kocowa"}
)

// Logline parts.
var (
	traits = []string{"cold-hearted", "cheerful", "stubborn", "reckless", "timid", "ambitious", "kind-hearted",
		"eccentric", "mysterious", "grumpy", "brilliant", "clumsy", "ruthless", "naive", "gifted", "lonely",
		"arrogant", "idealistic", "exhausted", "optimistic"}
	pairPlots = []string{
		"fall for each other despite their families' feud",
		"uncover a secret buried for decades",
		"are bound by a contract marriage",
		"swap bodies after a strange accident",
		"set out to bring down a corrupt conglomerate",
		"race against time to stop a serial killer",
		"cross paths again after ten years apart",
		"must survive the politics of the royal court",
		"open a small restaurant together",
		"chase the truth behind a hit-and-run",
		"fake a relationship to save their careers",
		"team up to win an impossible case",
		"share a house after a mix-up with the lease",
		"are haunted by the same recurring dream",
	}
	soloPlots = []string{
		"gets a second chance at life",
		"wakes up ten years in the past",
		"returns home to start over",
		"goes undercover at a high school",
		"inherits a failing bakery",
		"becomes the bodyguard of a top star",
		"discovers a gift for seeing ghosts",
		"takes on the family that ruined everything",
		"is sent to a remote island hospital",
		"signs a deal with a mysterious stranger",
	}
	relations = []string{"rival", "best friend", "first love", "mentor", "younger sibling", "colleague", "ex", "guardian"}
)
