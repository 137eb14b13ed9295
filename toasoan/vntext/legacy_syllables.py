"""The 3,000 most frequent Vietnamese syllables of news text, most frequent first.

Counted over a corpus of 14,461 Vietnamese news articles (2003-2025, both tone-mark
styles), keeping words that are well-formed syllables; they cover 99.4% of its syllables.
``legacy.vietnamese_score`` uses them to tell a right reading of legacy bytes from a wrong
one that happens to spell valid but rare syllables ("khụng" for "không").
"""

_WORDS = """
và của có là trong các với không được cho một đã người công khi ở để những này nam tại ra vào từ năm
đến về đó thể cũng việt trên đồng nhiều bị đầu ông sẽ ngày sau hiện việc nhà thành thủ theo định như
anh sự quốc làm lại số phải tôi đội chính chỉ nhưng quan trước nhất nước gia nhân bộ cầu động hai
còn hơn cơ điều hội trường ảnh trung hàng thời thông trận đang cùng đối biết đi hợp thế điểm mới vụ
con xe phát chủ giá giải văn qua bóng nhận hành thì lý vì hà hình nội cao đây tin đấu lên dân sinh
thực kết tiếp mỹ bình tiền học an rất mà cả chức do viên nên tài nguyễn dự đường báo nói tình thanh
thi mình vẫn lực thống cuộc lượng tới cô liên đại sân cách lần trình tổng xuất dụng bản tháng bàn họ
phòng nay tăng tế độ thắng đề toàn tư nghiệp trọng đạo phương tập năng cấp khác chúng bảo rằng thứ
bạn minh quyết thị chiến sản nhiên giao đá diễn án mặt thương lớn tâm thấy kinh triệu tác khách tự
pháp hay chưa sở tạo vị cần tổ mạnh khu ý vệ tuổi quân quả ngoài trưởng bằng tỷ thường nếu tỉnh tiên
giới đình hệ đánh nào triển ban khiến tra vòng tục trở xã hóa gian đưa yêu doanh bệnh gần phần tuy
thu phạm bất bà tuyển sử bên quá bán đức kỳ quy tính bố trẻ khoảng cảnh tốt tiến hải địa vực máy
hiệu giờ em thái sáng tham ăn tiêu thức bắt cảm nguyên hoàng đổi vậy đều vừa kiến vô trang khai giữa
tay đông tên từng chơi tích ba vấn giúp gây u ta biệt chất vàng loại sĩ chí dẫn sát trị phút chuyển
chung luật sống nghị thêm trí điện hòa rồi đoàn muốn quyền ty nữ tịch giáo khó ngay cáo thay hoạt
nhau đất giảm tượng hoàn tìm nghệ đặc kiểm thiết mùa dù gặp mang cuối chiếc lúc nga xuân lời chia
lập mức mua phố gì nhập xây chế ghi diện tấn đơn nhiệm lịch thân châu tiếng xử hữu cup cứu lợi sức
dựng dùng bay chị viện lan mẹ sách chuyên kế vi ngoại cá sao giữ sang chồng trần hết truyền mạng hồ
xác bỏ hoa vợ tử tranh mỗi lễ xem bao cổ hoặc phủ dịch vũ chiều danh phục so phụ phẩm ứng thuộc nạn
chuyện xuống môn nhật sơn mọi giám quản rõ hậu quang duy trợ biểu đẹp đạt chứng dương chi nơi huyện
xảy tướng nhóm trái hướng biến dài tàu mở du tối mất cố gái hồi hôm kim phía nguồn khả đoạn kiện
chuẩn kể bởi thuật phong chân chọn bảng ấy giả ninh biển trả vật thần ai cái đủ ngọc luôn mục lãnh
bài sẻ tiết luận ít địch tương ký ca thua bắc quảng dưới hạn tất lấy cạnh đặt nghiệm chương đáng sắc
đứng khí mắt phó xét vùng lê nhỏ đúng ngành hộ quận phản bé nữa tuấn đăng trò linh cửa áp hoạch lượt
á thích cứ phân liệu hàn nhanh ngân vốn hưởng phạt đàn phiên chạy nó nổi đóng lửa gồm tố cực y trạng
thuận đời hạng câu nghĩa tân vọng áo nhìn gọi trai tây phí khoa lao đa hỏi trực đảm lưu yếu thư khá
ấn phúc cộng long nhằm cụ càng ngờ đốc tuần phá lòng vận thật hạ tinh riêng trách lộ huy dung hiệp
lâm kỹ chống đôi đồ góp đà nghĩ cường thiếu mẫu phép lương ủy hồng nằm cây bước bác di biên khẳng
khăn hiểu màu buổi phim vượt rộng triều tải ngôi tuyến tuyên thất độc hỗ đào khẩu cục giành tức mặc
kỷ dễ khỏi căn chết tai đêm nghi thúc đầy lệ nâng cung nghiêm chịu cấm nguy xa thủy đẩy chấp sớm
khán đảo mai nông phối thoại phú chú hương họp bại thảo gửi tưởng đô xin nặng khởi trì cử lo thiện
toán dục môi tội vai trao xúc dũng niên hùng soát lĩnh vui khủng ô dành luyện giai yên vài a hại nhờ
mong quý thậm binh cháu xuyên may pha nghỉ mộ kéo sư thấp lâu sơ thử sai tòa phóng đảng màn cán chắc
nghiên tỏ thiên kiếm khoản phù quay hiểm cư xếp lỗi nẵng lớp thăm buộc phường cầm tô lưới trắng bổ
dòng nóng viết song nền lệnh suất đỏ thí giống siêu tốc bầu mối tết cải chỗ chờ chẳng trụ giang nghe
tĩnh bí phi bức tiện dấu vinh lai cánh sút mã thẩm khắc tín chuyến mại võ trương mô thưởng hôn loạt
sâu nhạc tránh nuôi mưa hãng thuốc nhiệt giấy đau đón ngồi vong máu khám ổn tầm dầu âm hút vé khỏe
khánh chỉnh chứ tạm chiếm chấn âu mừng lối cũ nợ da thẳng thao thừa cận cú kém đâu chữa hưng lái đài
rút hát đáp vẻ phiếu chắn bốn góc uống thầy hạnh chăm thuế đỗ cha tầng bày nhớ tiểu họa cháy hiếu
cựu trời tỉ đổ miền quán thỏa kích mắc ma cân quen sẵn ngược nghề băng nhấn la tờ dứt suốt bật xanh
dư son chạm làng đua trải sung đàm lục sửa cập chóng cậu quanh lựa thiệt hãy huấn tắc dừng phượng
sắp cặp chụp vương thượng can nỗ lào ngủ hài đền biện trú đinh hâm khảo coi nối rời lẽ hạt thuê ánh
đột ưu hy sợ bùi sông huống lạc tái sài tận nhẹ kịp nổ cắt khối gắn non ương xấu rơi phê sỹ ngại
lược sóc ngăn vân tung quê nha gòn mật nhắc phan niềm bạc liệt đương ủng thôi nhu chặt gắng ước
dưỡng xung gốc tôn mời ngắn suy sàng nêu thoát gió chùa phán cưới truy tuyệt thăng thơ ích giác đám
dạng ngang vĩnh thẻ dây núi vững quần kiên gỡ tồn súng đích trà ly căng man dịp đen dần nắm đứa thác
chàng niệm nhi giàu mắn thận mầm cà bang kẻ tim khung cười mẽ nghìn chặn sa thôn bánh chuyền trưng
đỉnh món cột mái cam hào hầu giản phận cướp bắn quỹ chợ dàng nhiễm thịt tùng dõi sạch tộc huỳnh lạ
kê thổ thú lộc kiểu khúc sáu trồng phổ hủy trúng thép dữ cát chở sóng trăm lạnh lẫn to kính nàng hè
trinh đoán mấy nửa bậc bạo đợi dọa treo hang bối ép ghế trấn đâm hơi đạn liền ràng vay đợt tặng top
thải cấu mu buồn đòi kịch chục lá ngã trâu tôm sắt lắng túy gương chút chứa ngôn dao thách kèm khóa
the cản tú xong chấm đèn rừng đem nghèo xứ nắng dựa đuổi trích bảy lãi dắt thai mơ tấm đừng xăng thụ
huyền nguyện bè giết khổ chậm hấp kiều xế khiển đập đỡ sứ vết đe bạch kia đoạt hề tường bù xu hẹn tù
lắm gấp tệ bồi mê cảng nỗi ngữ đặng cãi thiệu khóc tạp dáng ngự kêu bây hỏng vỡ chữ ví ngừng tỏa bãi
hiến dạy lỗ ngô vua bền chinh tiếc cơn nét ha trừ rượu thập tùy chào ngoái trông đọc va huyết khuyến
chiếu xinh hoảng sàn rác ơn khuôn sen seo nhượng đẳng in phật i ôm tóc mãi kênh lầm bến khắp sạn mạc
bờ bom hoài khích huynh sữa tri làn điển thuyền miễn mạch thọ phước khẩn thịnh thuyết ga khen vắng
giáp thầu nộp chúc dày rau cương buôn gà gỗ ngũ vỏ đồn tông nhuận kháng pháo chốt hẳn chu ung tá
phấn ngư dậy cuốn quên khấu ấm dâu tám trưa kín bụng tươi hứng ẩn chối túi trùng loạn đậm tiềm rào
dụ trống lắp dàn thuẫn quỳnh phẫu hứa bão khoán đấy ngưỡng sốt nhảy hiếm trốn tán vĩ thở túc ngon
nai hoà rối kiệm xâm e buýt giỏi bữa ngập giật tổn thoải duyệt uy chín cờ ngàn gói thờ lợn bồ đậu
duyên hộp cỏ bào ống tròn bó quà hư xô trục lành khoe nhiêu tam nhắn lọc già bốc hằng cơm rẻ rà ngụ
hoá dám mềm mũi bá giọng niêm tứ đáo giấu chẽ vịnh sốc hỏa ngọt chảy chuỗi xứng đắt loan nhĩ gạo
thiệp giam miếng miệng ngầm trộm diệt tràn mệt trúc mâu lẻ hung xóm trạm lứa lưng phức cứng kho
thiểu hảo giây hoang lừa táo trại trầm huế viễn nhì dường trật não cổng gợi thù khoác cai tắm hiền
điệp phỏng loài ném xương cúng mệnh mát lọt lỡ tụ bi dọc trừng tốn lệch mốc ruột tan xưa cốt đạp
tháp tang bát dị lặng bê tảng thảm rửa yết lò mưu mùi trữ vời dâm mét than thủng thạch ngực trào
tuyết tháo lãng cúp sót vườn hiển xà gọn lùi khát rắn vươn chiêu trọn muộn chừng sổ béo phái thang
hối dội bám cất lít bái ngộ váy giận vẹn kiệt quế mỏi chánh đốt hổ nút sâm lam su chăn đẫy ro bận cỡ
bỏng nhịp mượn khổng xóa nhũng tật đam lăng giày ẩm hoan dậu sôi vía nhưỡng hô khoảnh giường tả dinh
hàm sánh phiến trứng bùng trôi đãi săn rủi trịnh lúa dồn xả giêng hầm hò thả chém cự thụy nhánh lồ
kì thùy che tuân bếp ái bích đai dính nở thánh xoay cẩn giấc thước dâng lô khâu khuyên vợt chìm thói
dép nấu dĩ tắt bột moon ùn mây khống thúy leo thổi nhẫn co lãm ảo đo lấn sắm đeo mực hẹp nhan dạ
lang gã triệt giảng điệu móc my mãn mạo mổ phanh bia vả dốc bò vướng cống thơm vũng nhé bội chênh
khôi củng đắc pin say san vây bơi dông nhãn mày chim canh vội mùng mỏ rập ngạc mảnh chúa tách loa
gục bế điền rạng bớt lũ nhở muối hoãn úc lão yến ân ngợi tàng hiếp lính hồn viêm khứ huệ hot nảy
vang vất tiệc men gánh ám dập luân gãy hụt đòn dược quyến hôi củ tàn dọn tiệm khô gối gò khuyết nề
lăn đoan hỗn đan khiếu thuần vải ven tu hong ác lạm quỷ vạn kẹt nhàng nụ bông cụm vấp lí im khang
thoả tiêm rũ đứt bổng nhường răng trội ngắm kong xưng cẩm set nhã bọc khe tạt đuôi điên đán còi tủ
quãng lông ghép nhạy hạm đựng nồng lở lật chọc đắp thùng trùm mến trọ ả mù khuẩn cắm hở khéo ưa mau
đúc le chua mâm sợi ngào ngọn chó khơi đẻ khớp trân bề diệu gay chán kiêm mờ gan tuệ xao chửi vẽ
nhựa hãi trượt bụi thự thợ khuất truyện khoáng nho com đống khói nát khép thô vy gắt lấp ngơi nhầm
nướng hắn đệm dịu mặn mi rỉ vỉa phùng vượng bách cắp đùa phu rồng đớn sét gìn trăng bỉ lỏng lắc cóc
chuột trộn láng thắt thoáng cáp dã ức đằng bàng ngõ lôi ngừa ghen lạng hưu ngạch nhắm gác tha lộn
chặng tạ xông mạn mộng gạch thâm đúp ồn đáy mười nhí gián ngoan nuối dò rãi thạnh dưa chật chê tràng
nhậu oanh nhơn nghiện quyên van nhung mộc rỡ oan lân xôn khao ấp sương tống nại xi liêm vành bỗng
trắc đành vóc ong voi xưởng chai đấm chọi lây kon hước côn tre trán đạm mồ thoái út tị tím de thục
sưu buông đầm bấm mẻ mỏng tum o xát ổ chuộng đệ móng tráng sạc cởi đế cuồng chẩn ngựa nhậm rẽ tẩy
quét lồng giãn thấu tọa thắn mì đĩa nhạt rể rét xạ hận múa rực nứt liều ap rải đôn rèn cay lề ngãi
nôn thềm tồi đè cậy hoành lầu mọc dở soạn văng chen sụt hoại mảng cỗ cài xoắn tạng gũi đụng kép
chuối hi sạt bẩn xích hân thưa bọn rịa lưỡng đói lường nghiêng thầm ngón chủng ruộng kem manh vọt ớt
hố lốp ào tiễn lữ tụng chót léo lùng dời nã suýt trễ bin quái nếp vạch đuối gom xổ rộn bơm bắp cưỡng
chệch vã dối ngâm lạt giò luồng hét ngột màng nguyệt ráp lót mỡ nuốt khuê rò nấm na mũ dán rước tụt
bể phe heo hòn đê chăng sướng xách mông khê ốm quát ngất tựu mắng cốc đồi khôn phiền vứt chôn lóc
diệp khoang bón lướt ranh cạn má ao xót khoai ư nhiếp ho cong rủ lui mận thiêng bẫy thám rằm tựa dẹp
xí dải tao lanh ngỡ cước rung hái cồn quỳ xăm uyên suối lũy mò chanh triết huân lột lơ băn khiêu
phun khoăn thiêu phổi dỡ doãn tuyền kỉ khiêm vịt kiềm ngài xơ gầm sụp chéo tần nén cháo thoảng
choáng ơi ham đính bồn ôn nghênh ceo cược xê ốc li rắc khoan chè mường bút đọng chay lặp thằng sun
hao nhặt mụn phơi gieo dạo khiếp trơn phô ròng nhọn nàn hóc rộ dạn thắc bộc lạch xôi túng khương đạc
mèo nghịch nghiệt bứt nộ kông táng diễm giềng phẫn tặc xen à hẻm đới mòn thấm ti kĩ nhục pep thoa
bùn nâu quất khái phím bung ê phẳng cưng ghét rớt lau bấy đắng kíp chip eo đùi châm gậy nhược hoạn
chiêm mập vở dồi ngần ập cám ngưng họng bực cua siết tát hé ram chìa bóp sếp nhát thuột úy rệt đắn
thắp nhả lung lốc chậu lõi sim sáp khanh tóm sập bì xá lậu gang xám sườn ni cọc net nồi kiêng nhôm
un đặn giọt mạ dẫu tray no lận lội nới dệt tò cửu gấu thèm khốc hãm ạ đả vách háo hoi nòng liêu
ngàng thỉnh chuông mốt nạp tia lén búp nhàn nan vuông chả rổ rụi trêu dại cò rẫy đũa soi nắp kệ trăn
lạp ngỏ ủi kha miếu khía xoa mồi hoán vá dãy chép pa buồng oc nốt bưu thửa ngoặt cắn kí vỗ hức nể
ghé xỉ thản ưng bừng choi kề bã chèo nản lát đếm giếng nguội ngẫu nấy vặt min xướng bén cừ vôi phông
đục bôi cấy sấu đun gen nương cành húc rạch gặt vớt gốm báu cuông giơ quầy xẻ thạc rưỡi cọ rách
ngoạn hổng khiết tơ cu quỵ ồ xoáy quách bênh pen rã xáo gạt king óc xuôi lặn chốn xì kỵ lẫy mẫn dừa
thìa hốt dặn bong rốt rạp phụng phế mịn phì bướu mác chớp tua náo khuya nức hùm ráo giã chui vu dào
tịnh giáng cồng rán tom sành kẹo tấp dưng nhịn rong súc mài phở hán xuyến lụt sọ dè xắn thối xoài tớ
miêu ván liễu phàn up tưới chiêng vỹ khải lũng trạch hông dỗ răn đèo cia dê ngặt bới cứa lép thòi
nghẹn trâm uốn gót khan ngậm tý tui dong điềm chảo giằng quạt nạ ẩu mắm đắm thiều hốc sẹo run măng
vòm bẻ cuộn hường bệ muỗi kiếp xé ngây ngán cớ ray bóc kè mãnh vác khoái hả bạ chư phất ac viền vin
ướt rao ben mép đốn cúc râu bot tước vẫy ạt hất lánh tưng vế dấy lì mải toan lụy vãn kìm rạn né lờ
tăm bừa bầy ngụy chưởng trổ sầm ngạt nhị trướng ngửa đẫm đọ lúng ngả lùm hủ trầu chùm lộng trói rót
êm xít nạo vú chững hạch điêu reo lún gầy khoét vét búa ngắt gàng cày xảo bồng mậu hệt lưỡi sòng
khiếm tòng tiếu xy chuồng ngòi miệt nóc lẩn mươi ki tốp giặt khốn lừng khỏa kiêu keo sưng chèn nhức
tấu thắm tản dẻo ngà tê thon cẩu miên gam lọ thề chảnh kền lách nhộn nách quyển thốt đu ngọ cúi gật
rain bạt khinh quật mẹo toản chiểu nọ gu gỉ chén ốp ướp tí chiết gai nghẹt nghẽn lửng nguyền đò luộc
kẽ nhuyễn át gym kình vung tẩu quấy giục xài huỷ trèo bìa xùm rụng nhện xấp neo thà ngó ứ quấn se
gừng vờ rầm sảo sờ trặc bứa then nhỉnh vun suôn muôn giòn rảnh bưởi chuộc xay xịt thung khắt vỏn rễ
bịt bửu giàn qui tạc gióng mía bú mít duẩn hat kiệu lay sừng xộn té mí nhóc it roi thuở vắt bơ ầm ve
cau viếng tỏi bọ ri khoanh gân tỉa dầm ghê luyến dĩnh sửu kẹp tít tà chì vụn chiên bùa mồm tem hấu
chằng ủ dang phả ế bọt mỉm điếu tỵ nô ngục chà nhủ lim hiên váng nhăn séc tuột bẩm rê trút mui ấu
nần hit úng dai vùi nhàm thun gập nhiễu nhâm on vuốt xua dằn at bẹp thính bậy tẩm uông khét am níu
nhang him hoay gong võng rồ lười ru cụt bét sục tụi nỉ tràm loay chập nhọc chói kang cội triền úp
thìn si vòi vắc oai hươu nhằn diễu ngóng ngu rơ dạt cấn lầy ngứa gào thừng mủ phen nem tẻ biếu han
thy ỷ bỉm nón cưa cối ơ day băm nhai mồng gõ yếm thốn hít hắt mão đổng hăng cáu trỗi nhỉ pu chải go
khoát be phao đản sưa sỏi tì truất vặn nạt ren xào sam ách rãnh nham khuấy hòng hen thạo ỏi lư trệ
nến khử nhốt pho thiền xước quẩn ngợp soo lu chợt quýt ngát bầm ko rôn chang lóng ói thiêm càn sầu
mỉ nhào chạp chốc soái ngáo khẽ ia liêng rang nặc trãi nhồi kèn sảy nà méo me nập phuộc ngủi huyên
chích chưng xỉu phác nhuộm miện ec gọt két thỏi phượt mương sỡ sắn rình xui len khăng uất năn vơí
ngải khỉ bai nhẹn lạy sửng tỳ đàng gồng tuất lượn bit liu xốp dặm hèn
"""
COMMON_SYLLABLES = frozenset(_WORDS.split())
