<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AttachmentViewer</name>
    <message>
        <location filename="../../workstation/ui/attachment_viewer.py" line="167"/>
        <source>Attachments</source>
        <translation>附件</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/attachment_viewer.py" line="203"/>
        <source>&amp;Previous</source>
        <translation>上一张(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/attachment_viewer.py" line="204"/>
        <source>&amp;Next</source>
        <translation>下一张(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/attachment_viewer.py" line="205"/>
        <source>Zoom &amp;out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/attachment_viewer.py" line="206"/>
        <source>&amp;Fit</source>
        <translation>适合窗口(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/attachment_viewer.py" line="207"/>
        <source>&amp;100 %</source>
        <translation>原始大小(&amp;1)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/attachment_viewer.py" line="208"/>
        <source>Zoom &amp;in</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/attachment_viewer.py" line="224"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/attachment_viewer.py" line="254"/>
        <source>Open in the system player</source>
        <translation>用系统播放器打开</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/attachment_viewer.py" line="277"/>
        <source>This case has no attachments.</source>
        <translation>本案卷没有附件。</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/attachment_viewer.py" line="289"/>
        <source>This image cannot be shown here.</source>
        <translation>此图片无法在这里显示。</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/attachment_viewer.py" line="300"/>
        <location filename="../../workstation/ui/attachment_viewer.py" line="415"/>
        <source>Loading %1…</source>
        <translation>正在加载%1…</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/attachment_viewer.py" line="313"/>
        <source>Audio recording</source>
        <translation>录音</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/attachment_viewer.py" line="313"/>
        <source>Video</source>
        <translation>视频</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/attachment_viewer.py" line="313"/>
        <source>Image</source>
        <translation>图片</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/attachment_viewer.py" line="314"/>
        <source>%1: %2 (%3)</source>
        <translation>%1：%2（%3）</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/attachment_viewer.py" line="315"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/attachment_viewer.py" line="356"/>
        <source>%1 could not be loaded: %2</source>
        <translation>%1 加载失败：%2</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/attachment_viewer.py" line="435"/>
        <source>Opened in the system player.</source>
        <translation>已用系统播放器打开。</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/attachment_viewer.py" line="438"/>
        <source>No program on this computer plays %1. The file is at %2 until the viewer closes.</source>
        <translation>本机没有能播放%1的程序。关闭查看器之前，文件暂存于 %2</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/attachment_viewer.py" line="447"/>
        <source>The file could not be written: %1</source>
        <translation>文件无法写入：%1</translation>
    </message>
</context>
<context>
    <name>CaseForm</name>
    <message>
        <location filename="../../workstation/ui/case_form.py" line="170"/>
        <source>Name</source>
        <extracomment>The place flags a new location replaces (the others follow from the reporter or the category).</extracomment>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_form.py" line="173"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_form.py" line="179"/>
        <source>Urgent</source>
        <translation>紧急</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_form.py" line="196"/>
        <source>Add photo, audio or video…</source>
        <translation>添加照片、录音或视频…</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_form.py" line="205"/>
        <source>Report</source>
        <translation>上报信息</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_form.py" line="211"/>
        <source>Channel</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_form.py" line="212"/>
        <source>Channel details</source>
        <translation>来源信息</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_form.py" line="218"/>
        <location filename="../../workstation/ui/case_form.py" line="505"/>
        <source>Reporter</source>
        <translation>上报人</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_form.py" line="219"/>
        <location filename="../../workstation/ui/case_form.py" line="504"/>
        <source>Description</source>
        <translation>问题描述</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_form.py" line="221"/>
        <location filename="../../workstation/ui/case_form.py" line="508"/>
        <source>Attachments</source>
        <translation>附件</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_form.py" line="223"/>
        <location filename="../../workstation/ui/case_form.py" line="505"/>
        <source>Location</source>
        <translation>位置</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_form.py" line="225"/>
        <source>Classification</source>
        <translation>分类</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_form.py" line="259"/>
        <source>reported at %1</source>
        <translation>上报于 %1</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_form.py" line="430"/>
        <source>Attach files</source>
        <translation>添加附件</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_form.py" line="433"/>
        <source>Photos, audio and video (*.png *.jpg *.jpeg *.mp3 *.m4a *.wav *.amr *.mp4 *.mov)</source>
        <translation>照片、录音和视频 (*.png *.jpg *.jpeg *.mp3 *.m4a *.wav *.amr *.mp4 *.mov)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_form.py" line="504"/>
        <source>Reporter&apos;s phone</source>
        <translation>上报人电话</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_form.py" line="506"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_form.py" line="506"/>
        <source>Grid</source>
        <translation>单元网格</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_form.py" line="507"/>
        <source>Category</source>
        <translation>小类</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_form.py" line="507"/>
        <source>Filing condition</source>
        <translation>立案条件</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_form.py" line="533"/>
        <source>Loading…</source>
        <translation>加载中…</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_form.py" line="537"/>
        <source>Audio</source>
        <translation>录音</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_form.py" line="537"/>
        <source>Video</source>
        <translation>视频</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_form.py" line="547"/>
        <source>Unreadable image</source>
        <translation>图片无法读取</translation>
    </message>
</context>
<context>
    <name>CaseView</name>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="97"/>
        <source>&amp;File case</source>
        <translation>立案(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="98"/>
        <source>&amp;Reject…</source>
        <translation>不予受理/作废(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="103"/>
        <source>&amp;Dispatch to suggestion</source>
        <translation>派遣(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="145"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="145"/>
        <source>Step</source>
        <translation>环节</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="145"/>
        <source>By</source>
        <translation>操作人</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="146"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="96"/>
        <source>C&amp;onfirm detection</source>
        <extracomment>Renew the lease when less than this share of it is left and the seat was active meanwhile. Save the draft this long after the last keystroke. Columns of the history (timeline) holding the step&apos;s deadline and the note. The case being opened (its id, or None), announced before the form is filled. The similar cases (ids) of the shown case, whenever they change: for the map to show them.</extracomment>
        <translation>确认识别(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="99"/>
        <source>Send %1 task</source>
        <translation>发送%1</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="101"/>
        <source>&amp;Save corrections</source>
        <translation>保存修改(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="105"/>
        <source>Dispatch &amp;with options…</source>
        <translation>选择派遣(&amp;W)…</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="107"/>
        <source>&amp;Merge into the similar case…</source>
        <translation>合并到相似案卷(&amp;M)…</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="109"/>
        <source>Not a d&amp;uplicate</source>
        <translation>不是重复(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="129"/>
        <source>Pic&amp;k the location on the map</source>
        <translation>在地图上选点(&amp;K)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="145"/>
        <source>Step deadline</source>
        <translation>环节时限</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="154"/>
        <source>Dispatch</source>
        <translation>派遣</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="156"/>
        <source>Suggested</source>
        <translation>推荐</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="157"/>
        <source>Department</source>
        <translation>处置部门</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="162"/>
        <source>History</source>
        <translation>流转记录</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="180"/>
        <source>Select a case in the queue (Alt+Down opens the next one).</source>
        <translation>请在左侧队列中选择案卷（Alt+↓ 打开下一个）。</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="278"/>
        <source>%1 by %2</source>
        <translation>%1 %2前</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="282"/>
        <source>Running for %1</source>
        <translation>已用时 %1</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="282"/>
        <source>Took %1</source>
        <translation>用时 %1</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="299"/>
        <source>URGENT</source>
        <translation>紧急</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="321"/>
        <source>Your unsaved corrections from %1 are restored.</source>
        <translation>已恢复您 %1 未保存的修改。</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="349"/>
        <source>%1 returned this case: %2. Choose another department.</source>
        <translation>%1已回退本案卷（%2），请另选处置部门。</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="352"/>
        <source>No suggestion: choose the department</source>
        <translation>无推荐部门，请选择</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="357"/>
        <source>F4: %1, lead %2, assisted by %3</source>
        <translation>F4：%1，主办%2，协办%3</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="361"/>
        <source>F4: %1 to %2</source>
        <translation>F4：%1至%2</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="376"/>
        <source>Sent to collector %1 (%2) at %3 by %4, due %5.</source>
        <translation>%4 于 %3 派给信息采集员%1（%2），时限 %5。</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="384"/>
        <source>Waiting for the answer: %1 left</source>
        <translation>等待反馈：剩余 %1</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="385"/>
        <source>Waiting for the answer: %1 overdue</source>
        <translation>等待反馈：已超时 %1</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="388"/>
        <source>Confirmed on site</source>
        <translation>属实</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="388"/>
        <source>Not found on site</source>
        <translation>不属实</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="390"/>
        <source>%1 photo(s) added to the attachments</source>
        <translation>%1 张照片已加入附件</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="402"/>
        <source>Duplicate: merged into %1; its reporter is listed there.</source>
        <translation>重复案卷：已合并到 %1，上报人已关联到该案卷。</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="431"/>
        <source>You hold this case (until %1).</source>
        <translation>您已认领此案卷（至 %1）。</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="435"/>
        <source>%1 is working on this case (held until %2).</source>
        <translation>%1 正在处理此案卷（认领至 %2）。</translation>
    </message>
</context>
<context>
    <name>CategoryPicker</name>
    <message>
        <location filename="../../workstation/ui/category_picker.py" line="59"/>
        <source>Name, code or pinyin initials (e.g. bllj)</source>
        <extracomment>Results shown under the search line; the seat narrows the query rather than scrolls.</extracomment>
        <translation>名称、编码或拼音首字母（如 bllj）</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/category_picker.py" line="61"/>
        <source>A name, everyday word, code, pinyin initials, or an object and its problem; Down browses</source>
        <translation>可输入名称、俗称、编码、拼音首字母，或“部件+问题”；按↓浏览分类</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/category_picker.py" line="67"/>
        <source>Browse</source>
        <translation>浏览</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/category_picker.py" line="68"/>
        <source>Browse components and events by class (Alt+Down in the search line)</source>
        <translation>按大类浏览部件和事件（在搜索框按 Alt+↓）</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/category_picker.py" line="93"/>
        <source>Choose the filing condition</source>
        <translation>请选择立案条件</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/category_picker.py" line="110"/>
        <source>Condition</source>
        <translation>立案条件</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/category_picker.py" line="111"/>
        <location filename="../../workstation/ui/category_picker.py" line="197"/>
        <source>Time limit</source>
        <translation>处置时限</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/category_picker.py" line="112"/>
        <location filename="../../workstation/ui/category_picker.py" line="198"/>
        <source>Closed when</source>
        <translation>结案条件</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/category_picker.py" line="171"/>
        <source>Component</source>
        <comment>部件</comment>
        <translation>部件</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/category_picker.py" line="171"/>
        <source>Event</source>
        <comment>事件</comment>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/category_picker.py" line="223"/>
        <source>No category matches. Try another word, the code, or Browse.</source>
        <translation>没有匹配的小类。换个词、输入编码或点“浏览”。</translation>
    </message>
</context>
<context>
    <name>CommandLine</name>
    <message>
        <location filename="../../workstation/ui/command_line.py" line="297"/>
        <source>Command: la file · pq dispatch · #1234 open · ? help</source>
        <translation>命令：la 立案 · pq 派遣 · #1234 打开案卷 · ? 帮助</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/command_line.py" line="298"/>
        <source>Type a command and press Enter; ? lists the commands, Esc leaves.</source>
        <translation>输入命令后按回车；? 列出全部命令，Esc 退出。</translation>
    </message>
</context>
<context>
    <name>Commands</name>
    <message>
        <location filename="../../workstation/ui/command_line.py" line="74"/>
        <source>Open a case by its number</source>
        <translation>按案卷号打开案卷</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/command_line.py" line="74"/>
        <source>#number</source>
        <translation>#案卷号尾数</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/command_line.py" line="80"/>
        <source>File the selected case; empty: under the chosen category</source>
        <translation>立案；不带参数时按已选小类立案</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/command_line.py" line="81"/>
        <source>la [category]</source>
        <translation>la [小类]</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/command_line.py" line="83"/>
        <source>Dispatch the case; empty: to the suggested department</source>
        <translation>派遣；不带参数时派往推荐部门</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/command_line.py" line="84"/>
        <source>pq [department]</source>
        <translation>pq [部门]</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/command_line.py" line="86"/>
        <source>Do not accept the case, with a reason</source>
        <translation>不予受理，并选择原因</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/command_line.py" line="87"/>
        <source>bsl [reason]</source>
        <translation>bsl [原因]</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/command_line.py" line="89"/>
        <source>Cancel the case as invalid, with a reason</source>
        <translation>作废，并选择原因</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/command_line.py" line="90"/>
        <source>zf [reason]</source>
        <translation>zf [原因]</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/command_line.py" line="92"/>
        <source>Send a verification task to the grid&apos;s collector</source>
        <translation>向网格采集员发送核实任务</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/command_line.py" line="93"/>
        <source>hs [note]</source>
        <translation>hs [说明]</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/command_line.py" line="95"/>
        <source>Confirm the video AI detection</source>
        <translation>确认视频识别结果</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/command_line.py" line="96"/>
        <source>qr [note]</source>
        <translation>qr [说明]</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/command_line.py" line="98"/>
        <source>Merge the case into a similar case; empty: the chosen one</source>
        <translation>将案卷合并到相似案卷；不带参数：合并到选中的相似案卷</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/command_line.py" line="99"/>
        <source>hb [case number]</source>
        <translation>hb [案卷号]</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/command_line.py" line="101"/>
        <source>Record that the case is not a duplicate of its similar cases</source>
        <translation>判定案卷与相似案卷不是重复</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/command_line.py" line="102"/>
        <source>bscf [note]</source>
        <translation>bscf [说明]</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/command_line.py" line="104"/>
        <source>Send the fed-back case to the grid&apos;s collector to check the disposal</source>
        <translation>把已反馈的案卷发给网格采集员现场核查处置结果</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/command_line.py" line="105"/>
        <source>hc [note]</source>
        <translation>hc [备注]</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/command_line.py" line="107"/>
        <source>Close the checked case (shift leader), against its closing condition</source>
        <translation>按结案条件结案已核查的案卷（值班长）</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/command_line.py" line="108"/>
        <source>ja [note]</source>
        <translation>ja [备注]</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/command_line.py" line="110"/>
        <source>Supervise the case with an opinion</source>
        <translation>督办案卷并填写督办意见</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/command_line.py" line="111"/>
        <source>db [opinion]</source>
        <translation>db [督办意见]</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/command_line.py" line="113"/>
        <source>Record the call back; my / jbmy / bmy / wjt preselects the answer</source>
        <translation>记录回访结果；my 满意 / jbmy 基本满意 / bmy 不满意 / wjt 未接通</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/command_line.py" line="114"/>
        <source>hf [answer]</source>
        <translation>hf [结果]</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/command_line.py" line="116"/>
        <source>Open a new case form</source>
        <translation>新建案卷</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/command_line.py" line="117"/>
        <source>Next case</source>
        <translation>下一件案卷</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/command_line.py" line="118"/>
        <source>Previous case</source>
        <translation>上一件案卷</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/command_line.py" line="120"/>
        <source>Show the keys and commands</source>
        <translation>显示快捷键和命令</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/command_line.py" line="214"/>
        <source>Type a command; ? lists them.</source>
        <translation>请输入命令；? 列出全部命令。</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/command_line.py" line="220"/>
        <source>Unknown command “%1”. Did you mean “%2” (%3)?</source>
        <translation>没有“%1”这个命令。您要输入的是“%2”（%3）吗？</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/command_line.py" line="225"/>
        <source>A case number has digits only, e.g. #1234.</source>
        <translation>案卷号只含数字，例如 #1234。</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/command_line.py" line="227"/>
        <source>“%1” takes nothing after it: %2</source>
        <translation>“%1”后面不带参数：%2</translation>
    </message>
</context>
<context>
    <name>DispatchDialog</name>
    <message>
        <location filename="../../workstation/ui/dispatch_dialog.py" line="105"/>
        <source>default</source>
        <extracomment>Mechanisms whose other units assist the lead (协办); the rest send each unit an order of its own.</extracomment>
        <translation>默认</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dispatch_dialog.py" line="148"/>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dispatch_dialog.py" line="148"/>
        <source>Part</source>
        <translation>分工</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dispatch_dialog.py" line="149"/>
        <source>Time limit</source>
        <translation>处置时限</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dispatch_dialog.py" line="149"/>
        <source>Flow</source>
        <translation>流程</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dispatch_dialog.py" line="173"/>
        <source>optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dispatch_dialog.py" line="181"/>
        <source>City flow</source>
        <translation>市级流程</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dispatch_dialog.py" line="182"/>
        <source>District flow</source>
        <translation>区级流程</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dispatch_dialog.py" line="210"/>
        <source>Dispatch case %1</source>
        <translation>派遣案卷 %1</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dispatch_dialog.py" line="220"/>
        <source>assisted by %1</source>
        <translation>协办：%1</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dispatch_dialog.py" line="223"/>
        <source>No suggestion: choose the department</source>
        <translation>无推荐部门，请选择</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dispatch_dialog.py" line="251"/>
        <source>Each unit gets its own work order and timer; default limit %1 (filing condition).</source>
        <translation>每个单位各有一张派遣单、各自计时；处置时限默认为立案条件的 %1。</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dispatch_dialog.py" line="254"/>
        <source>Each unit gets its own work order and timer; default limit: the filing condition&apos;s.</source>
        <translation>每个单位各有一张派遣单、各自计时；处置时限默认按立案条件。</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dispatch_dialog.py" line="257"/>
        <source>Optional note for the departments</source>
        <translation>给处置部门的备注（可选）</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dispatch_dialog.py" line="262"/>
        <source>Dispatch</source>
        <translation>派遣</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dispatch_dialog.py" line="266"/>
        <source>Suggested</source>
        <translation>推荐</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dispatch_dialog.py" line="267"/>
        <source>Mechanism</source>
        <translation>派遣机制</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dispatch_dialog.py" line="268"/>
        <source>Department</source>
        <translation>处置部门</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dispatch_dialog.py" line="270"/>
        <source>Parts and limits</source>
        <translation>分工与时限</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dispatch_dialog.py" line="272"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dispatch_dialog.py" line="300"/>
        <source>Assisting units</source>
        <translation>协办单位</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dispatch_dialog.py" line="300"/>
        <source>Other units</source>
        <translation>其他单位</translation>
    </message>
</context>
<context>
    <name>DispatchStatsView</name>
    <message>
        <location filename="../../workstation/ui/dispatch_stats.py" line="67"/>
        <source>Dispatch statistics</source>
        <translation>派遣统计</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dispatch_stats.py" line="75"/>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dispatch_stats.py" line="75"/>
        <source>Last 7 days</source>
        <translation>近7天</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dispatch_stats.py" line="75"/>
        <source>Last 30 days</source>
        <translation>近30天</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dispatch_stats.py" line="75"/>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dispatch_stats.py" line="80"/>
        <source>&amp;Period:</source>
        <translation>统计时段(&amp;P)：</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dispatch_stats.py" line="89"/>
        <source>Category</source>
        <translation>小类</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dispatch_stats.py" line="89"/>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dispatch_stats.py" line="89"/>
        <location filename="../../workstation/ui/dispatch_stats.py" line="94"/>
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dispatch_stats.py" line="89"/>
        <source>Return requests</source>
        <translation>回退申请</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dispatch_stats.py" line="90"/>
        <source>Approved</source>
        <translation>已批准</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dispatch_stats.py" line="94"/>
        <source>Work orders</source>
        <translation>派遣单</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dispatch_stats.py" line="94"/>
        <source>Reworked orders</source>
        <translation>返工单</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dispatch_stats.py" line="94"/>
        <source>Reworks</source>
        <translation>返工次数</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dispatch_stats.py" line="95"/>
        <source>Rework rate</source>
        <translation>返工率</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dispatch_stats.py" line="95"/>
        <source>Late feedback</source>
        <translation>超时反馈</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dispatch_stats.py" line="98"/>
        <source>Work orders sent back at least once after a failed check</source>
        <translation>核查不通过、至少返工一次的派遣单</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dispatch_stats.py" line="99"/>
        <source>Work orders fed back after their deadline</source>
        <translation>超过处置时限才反馈的派遣单</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dispatch_stats.py" line="105"/>
        <source>Returns by routing rule</source>
        <translation>回退统计（按责任分解规则）</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dispatch_stats.py" line="108"/>
        <source>Rework by department</source>
        <translation>返工统计（按部门）</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dispatch_stats.py" line="124"/>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dispatch_stats.py" line="131"/>
        <source>Since %1</source>
        <translation>自 %1 起</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dispatch_stats.py" line="132"/>
        <source>All records</source>
        <translation>全部记录</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dispatch_stats.py" line="149"/>
        <source>No department asked for a return in this period.</source>
        <translation>这段时间没有部门申请回退。</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/dispatch_stats.py" line="162"/>
        <source>No work orders were sent in this period.</source>
        <translation>这段时间没有派遣单。</translation>
    </message>
</context>
<context>
    <name>HelpOverlay</name>
    <message>
        <location filename="../../workstation/ui/help_overlay.py" line="77"/>
        <source>Keys and commands</source>
        <translation>快捷键和命令</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/help_overlay.py" line="83"/>
        <source>Esc, F1 or a click closes this help.</source>
        <translation>按 Esc、F1 或点击任意处关闭帮助。</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/help_overlay.py" line="137"/>
        <source>Command line</source>
        <translation>命令行</translation>
    </message>
</context>
<context>
    <name>Icons</name>
    <message>
        <location filename="../../workstation/ui/icons.py" line="37"/>
        <source>C</source>
        <comment>badge letter of the collector channel: 采</comment>
        <translation>采</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/icons.py" line="38"/>
        <source>H</source>
        <comment>badge letter of the hotline channel: 热</comment>
        <translation>热</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/icons.py" line="39"/>
        <source>I</source>
        <comment>badge letter of the IoT alarm channel: 感</comment>
        <translation>感</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/icons.py" line="40"/>
        <source>V</source>
        <comment>badge letter of the video AI channel: 视</comment>
        <translation>视</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/icons.py" line="41"/>
        <source>P</source>
        <comment>badge letter of the public report channel: 众</comment>
        <translation>众</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/icons.py" line="42"/>
        <source>L</source>
        <comment>badge letter of the leader&apos;s instruction channel: 领</comment>
        <translation>领</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/icons.py" line="43"/>
        <source>M</source>
        <comment>badge letter of the media channel: 媒</comment>
        <translation>媒</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/icons.py" line="44"/>
        <source>T</source>
        <comment>badge letter of the department transfer channel: 转</comment>
        <translation>转</translation>
    </message>
</context>
<context>
    <name>IntakeDialog</name>
    <message>
        <location filename="../../workstation/ui/intake_dialog.py" line="66"/>
        <source>Reported</source>
        <translation>上报时间</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/intake_dialog.py" line="66"/>
        <source>Category</source>
        <translation>小类</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/intake_dialog.py" line="66"/>
        <source>Outcome</source>
        <translation>办理结果</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/intake_dialog.py" line="67"/>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/intake_dialog.py" line="70"/>
        <source>The caller&apos;s earlier cases</source>
        <translation>来电人以往案卷</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/intake_dialog.py" line="86"/>
        <source>Register (Ctrl+S)</source>
        <translation>登记 (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/intake_dialog.py" line="89"/>
        <source>Register and file (F2)</source>
        <translation>登记并立案 (F2)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/intake_dialog.py" line="92"/>
        <source>Discard</source>
        <translation>丢弃</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/intake_dialog.py" line="94"/>
        <source>Keep as draft</source>
        <translation>存为草稿</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/intake_dialog.py" line="134"/>
        <source>New case</source>
        <translation>新建案卷</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/intake_dialog.py" line="136"/>
        <source>Incoming call %1 · %2</source>
        <translation>来电 %1 · %2</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/intake_dialog.py" line="138"/>
        <source>The caller&apos;s earlier cases (%1)</source>
        <translation>来电人以往案卷（%1件）</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/intake_dialog.py" line="142"/>
        <source>First call from this number</source>
        <translation>该号码首次来电</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/intake_dialog.py" line="150"/>
        <source>(unclassified)</source>
        <translation>（未分类）</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/intake_dialog.py" line="187"/>
        <source>Possibly a known problem: tell the caller; after registering, merge it (Ctrl+M)</source>
        <translation>疑似已有相同问题：可告知来电人；登记后在案卷中合并（Ctrl+M）</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/intake_dialog.py" line="217"/>
        <source>choose the category and filing condition to file</source>
        <translation>立案前请选择小类和立案条件</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <location filename="../../workstation/ui/labels.py" line="30"/>
        <source>Collector</source>
        <translation>信息采集员</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="31"/>
        <source>Hotline</source>
        <translation>12345热线</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="32"/>
        <source>IoT alarm</source>
        <translation>物联网告警</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="33"/>
        <source>Video AI</source>
        <translation>视频智能识别</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="34"/>
        <source>Public report</source>
        <translation>公众上报</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="35"/>
        <source>Leader&apos;s instruction</source>
        <translation>领导交办</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="36"/>
        <source>Media</source>
        <translation>媒体曝光</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="37"/>
        <source>Department transfer</source>
        <translation>部门转办</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="61"/>
        <source>To confirm</source>
        <extracomment>One calm, distinguishable colour per channel (used for the channel badge in the queue). Channels a seat registers by hand (the others are posted by their own systems).</extracomment>
        <translation>待确认</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="62"/>
        <source>To accept</source>
        <translation>待受理</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="63"/>
        <source>Verifying</source>
        <translation>核实中</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="64"/>
        <source>To dispatch</source>
        <translation>待派遣</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="65"/>
        <source>Dispatched</source>
        <translation>已派遣</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="66"/>
        <location filename="../../workstation/ui/labels.py" line="97"/>
        <location filename="../../workstation/ui/labels.py" line="246"/>
        <source>Handling</source>
        <translation>处置中</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="67"/>
        <location filename="../../workstation/ui/labels.py" line="98"/>
        <source>Suspended</source>
        <translation>挂账中</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="68"/>
        <source>To check</source>
        <translation>待核查</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="69"/>
        <source>Checking</source>
        <translation>核查中</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="70"/>
        <source>To close</source>
        <translation>待结案</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="71"/>
        <source>Closed</source>
        <translation>已结案</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="72"/>
        <location filename="../../workstation/ui/labels.py" line="193"/>
        <location filename="../../workstation/ui/labels.py" line="206"/>
        <source>Not accepted</source>
        <translation>不予受理</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="73"/>
        <source>Cancelled</source>
        <translation>已作废</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="80"/>
        <source>Flat dispatch</source>
        <translation>扁平化派遣</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="81"/>
        <source>Lead and assisting units</source>
        <translation>主协办派遣</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="82"/>
        <source>Several departments</source>
        <translation>多部门派遣</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="83"/>
        <source>Across districts</source>
        <translation>跨区域派遣</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="84"/>
        <source>Simultaneous orders</source>
        <translation>同时段派遣</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="85"/>
        <source>City and district flows</source>
        <translation>双流程派遣</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="91"/>
        <source>Lead</source>
        <translation>主办</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="91"/>
        <source>Assisting</source>
        <translation>协办</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="96"/>
        <source>To sign</source>
        <translation>待签收</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="99"/>
        <source>Fed back</source>
        <translation>已反馈</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="100"/>
        <source>Returned</source>
        <translation>已回退</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="101"/>
        <source>Closed with the lead</source>
        <translation>随主办办结</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="109"/>
        <source>urgent working hours</source>
        <translation>紧急工作时</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="110"/>
        <source>urgent working days</source>
        <translation>紧急工作日</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="111"/>
        <source>working hours</source>
        <translation>工作时</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="112"/>
        <source>working days</source>
        <translation>工作日</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="113"/>
        <source>minutes</source>
        <translation>分钟</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="120"/>
        <source>Return</source>
        <translation>回退</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="121"/>
        <source>Extension</source>
        <translation>延期</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="129"/>
        <source>Satisfied</source>
        <translation>满意</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="130"/>
        <source>Fairly satisfied</source>
        <translation>基本满意</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="131"/>
        <source>Not satisfied</source>
        <translation>不满意</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="132"/>
        <source>No answer</source>
        <translation>未接通</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="141"/>
        <source>Duplicate</source>
        <translation>重复案卷</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="143"/>
        <source>%1, to call back</source>
        <translation>%1，待回访</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="150"/>
        <source>(unclassified)</source>
        <translation>（未分类）</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="159"/>
        <location filename="../../workstation/ui/labels.py" line="232"/>
        <source>Merged as a duplicate</source>
        <translation>合并为重复案卷</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="160"/>
        <source>Not a duplicate</source>
        <translation>不是重复</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="161"/>
        <source>Filed anyway</source>
        <translation>仍立案</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="180"/>
        <location filename="../../workstation/ui/map_panel.py" line="269"/>
        <source>%1 m</source>
        <translation>%1 米</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="181"/>
        <location filename="../../workstation/ui/map_panel.py" line="269"/>
        <source>%1 km</source>
        <translation>%1 公里</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="187"/>
        <source>at almost the same time</source>
        <translation>几乎同时</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="188"/>
        <source>%1 before</source>
        <translation>早%1</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="195"/>
        <source>Cancel as invalid</source>
        <translation>作废</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="201"/>
        <source>Reported</source>
        <translation>上报</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="202"/>
        <source>Claimed</source>
        <translation>认领</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="203"/>
        <source>Released</source>
        <translation>释放</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="204"/>
        <source>Claim lapsed</source>
        <translation>认领超时释放</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="205"/>
        <source>Filed</source>
        <translation>立案</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="207"/>
        <source>Cancelled as invalid</source>
        <translation>作废</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="208"/>
        <source>Dispatched to department</source>
        <translation>派遣</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="209"/>
        <source>Signed by department</source>
        <translation>部门签收</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="210"/>
        <source>Department feedback</source>
        <translation>处置反馈</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="211"/>
        <source>Return requested</source>
        <translation>申请回退</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="212"/>
        <source>Extension requested</source>
        <translation>申请延期</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="213"/>
        <source>Suspension requested</source>
        <translation>申请挂账</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="214"/>
        <source>Return approved</source>
        <translation>批准回退</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="215"/>
        <source>Extension approved</source>
        <translation>批准延期</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="216"/>
        <source>Suspension approved</source>
        <translation>批准挂账</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="217"/>
        <source>Return refused</source>
        <translation>驳回回退申请</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="218"/>
        <source>Extension refused</source>
        <translation>驳回延期申请</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="219"/>
        <source>Suspension refused</source>
        <translation>驳回挂账申请</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="220"/>
        <source>Resumed after suspension</source>
        <translation>挂账恢复</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="221"/>
        <source>Check sent</source>
        <translation>发送核查</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="222"/>
        <source>Check passed</source>
        <translation>核查通过</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="223"/>
        <source>Rework</source>
        <translation>返工</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="224"/>
        <source>Case closed</source>
        <translation>结案</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="225"/>
        <source>Supervised</source>
        <translation>督办</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="226"/>
        <source>Supervision answered</source>
        <translation>督办回复</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="227"/>
        <source>Verification sent</source>
        <translation>发送核实</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="228"/>
        <source>Verification answered</source>
        <translation>核实反馈</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="229"/>
        <source>Detection confirmed</source>
        <translation>确认识别</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="230"/>
        <source>Corrected</source>
        <translation>修改</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="231"/>
        <source>Repeated alarm</source>
        <translation>重复告警</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="233"/>
        <source>Duplicate report linked</source>
        <translation>关联重复上报</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="234"/>
        <source>Marked not a duplicate</source>
        <translation>判定不是重复</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="241"/>
        <source>Confirmation</source>
        <translation>确认</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="242"/>
        <source>Verification</source>
        <translation>核实</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="243"/>
        <source>Acceptance</source>
        <translation>受理</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="244"/>
        <source>Dispatch</source>
        <translation>派遣</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="245"/>
        <source>Department signing</source>
        <translation>签收</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="122"/>
        <location filename="../../workstation/ui/labels.py" line="247"/>
        <source>Suspension</source>
        <translation>挂账</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="248"/>
        <source>Check</source>
        <translation>核查</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="249"/>
        <source>Closing</source>
        <translation>结案</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="260"/>
        <source>%1d %2h</source>
        <translation>%1天%2时</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="262"/>
        <source>%1h %2m</source>
        <translation>%1时%2分</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="264"/>
        <source>%1m</source>
        <translation>%1分</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="271"/>
        <source>Hotline number</source>
        <translation>热线</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="272"/>
        <source>Call no.</source>
        <translation>来电编号</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="273"/>
        <source>Callback wanted</source>
        <translation>需要回电</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="274"/>
        <source>Reporting system</source>
        <translation>上报系统</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="275"/>
        <source>Collector no.</source>
        <translation>采集员编号</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="276"/>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="277"/>
        <source>Device name</source>
        <translation>设备名称</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="278"/>
        <source>Device type</source>
        <translation>设备类型</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="279"/>
        <source>Alarm</source>
        <translation>告警类型</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="280"/>
        <source>Reading</source>
        <translation>读数</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="281"/>
        <source>Threshold</source>
        <translation>阈值</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="282"/>
        <source>Alarms</source>
        <translation>告警次数</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="283"/>
        <source>Latest reading</source>
        <translation>最新读数</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="284"/>
        <source>Highest reading</source>
        <translation>最高读数</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="285"/>
        <source>Latest alarm</source>
        <translation>最近告警</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="286"/>
        <location filename="../../workstation/ui/labels.py" line="313"/>
        <source>Camera</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="287"/>
        <source>Camera location</source>
        <translation>点位</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="288"/>
        <source>AI label</source>
        <translation>识别类型</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="289"/>
        <source>Confidence</source>
        <translation>置信度</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="290"/>
        <source>Latest confidence</source>
        <translation>最新置信度</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="291"/>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="292"/>
        <source>Nickname</source>
        <translation>昵称</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="293"/>
        <source>Instructing leader</source>
        <translation>交办领导</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="294"/>
        <source>Instruction</source>
        <translation>批示内容</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="295"/>
        <source>Due by</source>
        <translation>要求办结时间</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="296"/>
        <source>Media outlet</source>
        <translation>媒体名称</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="297"/>
        <source>Report title</source>
        <translation>报道标题</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="298"/>
        <source>Link</source>
        <translation>链接</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="299"/>
        <source>Published on</source>
        <translation>发布日期</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="300"/>
        <source>Transferred by</source>
        <translation>转办单位</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="301"/>
        <source>Transfer document no.</source>
        <translation>转办单号</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="302"/>
        <source>Contact</source>
        <translation>联系人</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="310"/>
        <source>Smart manhole cover</source>
        <translation>智能井盖</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="311"/>
        <source>Water level sensor</source>
        <translation>积水监测</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="312"/>
        <source>Smart litter bin</source>
        <translation>智能垃圾桶</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="330"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="330"/>
        <source>no</source>
        <translation>否</translation>
    </message>
</context>
<context>
    <name>LifecycleActions</name>
    <message>
        <location filename="../../workstation/ui/lifecycle_actions.py" line="41"/>
        <source>Send %1 task</source>
        <extracomment>What the seat may type after `hf` on the command line: pinyin initials or the Chinese word.</extracomment>
        <translation>发送%1</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/lifecycle_actions.py" line="43"/>
        <source>C&amp;lose the case…</source>
        <translation>结案(&amp;L)…</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/lifecycle_actions.py" line="44"/>
        <source>&amp;Resume after suspension</source>
        <translation>挂账恢复(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/lifecycle_actions.py" line="46"/>
        <source>Su&amp;pervise…</source>
        <translation>督办(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/lifecycle_actions.py" line="48"/>
        <source>Call &amp;back…</source>
        <translation>回访(&amp;B)…</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/lifecycle_actions.py" line="79"/>
        <source>(no filing condition)</source>
        <translation>（无立案条件）</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/lifecycle_actions.py" line="86"/>
        <source>Close case %1</source>
        <translation>结案 %1</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/lifecycle_actions.py" line="87"/>
        <source>Closing condition: %1</source>
        <translation>结案条件：%1</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/lifecycle_actions.py" line="88"/>
        <source>Note for the record (optional)</source>
        <translation>备注（可选）</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/lifecycle_actions.py" line="88"/>
        <source>Close the case</source>
        <translation>结案</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/lifecycle_actions.py" line="113"/>
        <source>Supervise case %1</source>
        <translation>督办案卷 %1</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/lifecycle_actions.py" line="114"/>
        <source>The opinion goes to the handling department and into the case history.</source>
        <translation>督办意见将发送给处置部门并记入流转记录。</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/lifecycle_actions.py" line="115"/>
        <source>Supervision opinion (required)</source>
        <translation>督办意见（必填）</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/lifecycle_actions.py" line="115"/>
        <source>Supervise</source>
        <translation>督办</translation>
    </message>
</context>
<context>
    <name>LinkedReports</name>
    <message>
        <location filename="../../workstation/ui/similar_panel.py" line="413"/>
        <source>Linked reports</source>
        <translation>关联上报</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/similar_panel.py" line="418"/>
        <source>Reported</source>
        <translation>上报时间</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/similar_panel.py" line="418"/>
        <source>Channel</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/similar_panel.py" line="418"/>
        <source>Reporter</source>
        <translation>上报人</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/similar_panel.py" line="418"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/similar_panel.py" line="419"/>
        <source>Report</source>
        <translation>上报内容</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/similar_panel.py" line="419"/>
        <source>Merged by</source>
        <translation>合并人</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/similar_panel.py" line="437"/>
        <source>Linked reports (%1)</source>
        <translation>关联上报（%1）</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/similar_panel.py" line="446"/>
        <source>%1, merged at %2: %3</source>
        <translation>%1，%2 合并：%3</translation>
    </message>
</context>
<context>
    <name>LocationEditor</name>
    <message>
        <location filename="../../workstation/ui/location_editor.py" line="53"/>
        <source>Find: address, crossing, community, grid code or lon, lat</source>
        <extracomment>Wait this long after the last key before asking the server (typing stays smooth). The key that arms picking the point on the map (the case view&apos;s action and the intake form&apos;s).</extracomment>
        <translation>查找：门牌、路口、社区、网格编码或经纬度</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/location_editor.py" line="65"/>
        <source>Pick on the map</source>
        <translation>在地图上选点</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/location_editor.py" line="66"/>
        <source>Click the map or drag the case&apos;s marker to set the location (%1)</source>
        <translation>在地图上单击或拖动案卷标记设置位置（%1）</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/location_editor.py" line="84"/>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/location_editor.py" line="86"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/location_editor.py" line="87"/>
        <source>Grid</source>
        <translation>单元网格</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/location_editor.py" line="88"/>
        <source>Coordinates</source>
        <translation>坐标</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/location_editor.py" line="119"/>
        <source>Outside the grid: locate the case before filing</source>
        <translation>未定位到单元网格：立案前请先定位</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/location_editor.py" line="151"/>
        <source>No place found: try a road and door number, a community or a grid code</source>
        <translation>未找到：请输入道路和门牌号、社区名或网格编码</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../workstation/ui/login_dialog.py" line="14"/>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/login_dialog.py" line="30"/>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/login_dialog.py" line="31"/>
        <source>User</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/login_dialog.py" line="32"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../workstation/ui/main_window.py" line="81"/>
        <source>City management seat workstation — %1</source>
        <extracomment>Completions offered for a category or a department in the command line. The map&apos;s share of the window&apos;s width the first time it opens. The seat asked to quit; `main()` owns the shutdown (closing the session before the loop ends).</extracomment>
        <translation>城市管理坐席工作台 — %1</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/main_window.py" line="124"/>
        <source>Made while the server was unreachable; sent in order once it is back.</source>
        <translation>服务器连接中断期间的操作，连接恢复后按顺序自动发送</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/main_window.py" line="135"/>
        <source>Connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/main_window.py" line="135"/>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/main_window.py" line="154"/>
        <source>Map</source>
        <translation>地图</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/main_window.py" line="171"/>
        <source>Requests to decide</source>
        <translation>待审批申请</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/main_window.py" line="188"/>
        <source>Requests to decide (%1)</source>
        <translation>待审批申请 (%1)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/main_window.py" line="194"/>
        <source>Only a dispatcher or the shift leader decides the departments&apos; requests.</source>
        <translation>只有派遣员或值班长可以审批部门的申请。</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/main_window.py" line="218"/>
        <source>&amp;Case</source>
        <translation>案卷(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/main_window.py" line="219"/>
        <source>&amp;New case…</source>
        <translation>新建案卷(&amp;N)…</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/main_window.py" line="220"/>
        <source>&amp;Next case</source>
        <translation>下一个案卷(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/main_window.py" line="221"/>
        <source>&amp;Previous case</source>
        <translation>上一个案卷(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/main_window.py" line="236"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/main_window.py" line="239"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/main_window.py" line="240"/>
        <source>&amp;Filter the queue</source>
        <translation>筛选队列(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/main_window.py" line="241"/>
        <source>Choose the &amp;category</source>
        <translation>选择分类(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/main_window.py" line="242"/>
        <source>&amp;Locate the case</source>
        <translation>定位(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/main_window.py" line="243"/>
        <source>&amp;Similar cases</source>
        <translation>相似案卷(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/main_window.py" line="244"/>
        <source>Command &amp;line</source>
        <translation>命令行(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/main_window.py" line="245"/>
        <source>&amp;Map</source>
        <translation>地图(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/main_window.py" line="246"/>
        <source>&amp;Requests to decide</source>
        <translation>待审批申请(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/main_window.py" line="247"/>
        <source>Map: &amp;zoom to the case</source>
        <translation>地图定位到案卷(&amp;Z)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/main_window.py" line="248"/>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/main_window.py" line="250"/>
        <source>Similar-case s&amp;tatistics</source>
        <translation>相似案卷统计(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/main_window.py" line="252"/>
        <source>D&amp;ispatch statistics</source>
        <translation>派遣统计(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/main_window.py" line="255"/>
        <source>Keys and commands</source>
        <translation>快捷键和命令</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/main_window.py" line="258"/>
        <source>&amp;Language</source>
        <translation>界面语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/main_window.py" line="285"/>
        <source>The case has no similar cases.</source>
        <translation>此案卷没有相似案卷。</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/main_window.py" line="313"/>
        <source>The case cannot be located now.</source>
        <translation>此案卷现在不能定位。</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/main_window.py" line="317"/>
        <source>The point is saved as a location correction and the similar cases are checked again.</source>
        <translation>所选位置将保存为位置更正，并重新检查相似案卷。</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/main_window.py" line="319"/>
        <source>Click the map or drag the case&apos;s marker (Esc cancels).</source>
        <translation>请在地图上单击或拖动案卷标记（Esc 取消）。</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/main_window.py" line="325"/>
        <source>Location set to %1 and saved; the similar cases are checked again.</source>
        <translation>位置已设为 %1 并已保存，正在重新检查相似案卷。</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/main_window.py" line="328"/>
        <source>Location set to %1.</source>
        <translation>位置已设为 %1。</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/main_window.py" line="333"/>
        <source>The point is filled into the new case.</source>
        <translation>所选位置将填入新案卷。</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/main_window.py" line="334"/>
        <source>Click the map where the new case is (Esc cancels).</source>
        <translation>请在地图上单击新案卷的位置（Esc 取消）。</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/main_window.py" line="337"/>
        <source>Location of the new case set to %1.</source>
        <translation>新案卷的位置已设为 %1。</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/main_window.py" line="364"/>
        <source>Case %1 is no longer in the queue.</source>
        <translation>案卷 %1 已不在队列中。</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/main_window.py" line="371"/>
        <source>The language changes when the workstation restarts.</source>
        <translation>界面语言将在重新启动工作台后生效。</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/main_window.py" line="374"/>
        <source>Waiting to send: %1</source>
        <translation>待发送 %1</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/main_window.py" line="407"/>
        <source>Case %1 registered.</source>
        <translation>案卷 %1 已登记。</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/main_window.py" line="447"/>
        <source>There is no similar-case warning to answer on this case.</source>
        <translation>此案卷没有待判定的相似案卷提醒。</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/main_window.py" line="475"/>
        <source>%1 is not possible on this case now.</source>
        <translation>此案卷当前不能%1。</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/main_window.py" line="483"/>
        <source>No category matches “%1”.</source>
        <translation>没有与“%1”匹配的小类。</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/main_window.py" line="488"/>
        <source>The case cannot be classified now.</source>
        <translation>此案卷现在不能修改分类。</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/main_window.py" line="503"/>
        <source>No department matches “%1”.</source>
        <translation>没有与“%1”匹配的部门。</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/main_window.py" line="525"/>
        <source>No similar case number ends in %1.</source>
        <translation>没有案卷号以 %1 结尾的相似案卷。</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/main_window.py" line="528"/>
        <source>The case cannot be merged now.</source>
        <translation>此案卷现在不能合并。</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/main_window.py" line="535"/>
        <source>No case number ends in %1.</source>
        <translation>没有尾号为 %1 的案卷。</translation>
    </message>
</context>
<context>
    <name>MapPanel</name>
    <message>
        <location filename="../../workstation/ui/map_panel.py" line="158"/>
        <source>The map loads when it is first shown.</source>
        <extracomment>Collectors&apos; positions and the timers&apos; colours are refreshed this often while the map shows. Changes of the case store are gathered this long before the open cases are drawn again. The open cases&apos; markers and clusters by timer light: the queue&apos;s hues, strong enough to read on the map (the queue&apos;s pale cell colours look like empty rings there), with a deep rim. Calm colours of what the map draws.</extracomment>
        <translation>地图在首次打开时加载。</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/map_panel.py" line="195"/>
        <source>Loading the map…</source>
        <translation>正在加载地图…</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/map_panel.py" line="207"/>
        <source>The map could not be loaded: %1. It is tried again when the map is shown again.</source>
        <translation>地图加载失败：%1。再次打开地图时将重试。</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/map_panel.py" line="243"/>
        <source>The map stopped again. It comes back when the workstation is started again.</source>
        <translation>地图再次停止，重新启动工作台后恢复。</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/map_panel.py" line="251"/>
        <source>The map stopped and is being loaded again.</source>
        <translation>地图已停止，正在重新加载。</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/map_panel.py" line="257"/>
        <source>Offline base map</source>
        <translation>离线底图</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/map_panel.py" line="257"/>
        <source>Tile map</source>
        <translation>瓦片底图</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/map_panel.py" line="258"/>
        <source>Tile server</source>
        <translation>瓦片服务</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/map_panel.py" line="258"/>
        <source>Unit grid</source>
        <translation>单元网格</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/map_panel.py" line="259"/>
        <source>Open cases</source>
        <translation>未结案卷</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/map_panel.py" line="259"/>
        <source>Collectors</source>
        <translation>采集员</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/map_panel.py" line="260"/>
        <source>Cameras and devices</source>
        <translation>摄像头和设备</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/map_panel.py" line="261"/>
        <source>Cases of the last %1 days</source>
        <translation>近%1天案卷</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/map_panel.py" line="262"/>
        <source>Grid</source>
        <translation>单元网格</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/map_panel.py" line="262"/>
        <source>Community</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/map_panel.py" line="262"/>
        <source>Street</source>
        <translation>街道</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/map_panel.py" line="263"/>
        <source>Case</source>
        <translation>定位</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/map_panel.py" line="263"/>
        <source>Zoom to the case (Ctrl+F10)</source>
        <translation>地图定位到案卷（Ctrl+F10）</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/map_panel.py" line="264"/>
        <source>Measure</source>
        <translation>测距</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/map_panel.py" line="264"/>
        <source>Measure a distance</source>
        <translation>测量距离</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/map_panel.py" line="265"/>
        <source>Measuring</source>
        <translation>测距</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/map_panel.py" line="265"/>
        <source>Start</source>
        <translation>起点</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/map_panel.py" line="266"/>
        <source>Click the points to measure; double click or Esc ends.</source>
        <translation>依次单击要测量的点，双击或按 Esc 结束。</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/map_panel.py" line="267"/>
        <source>Click the map or drag the marker to set the location</source>
        <translation>在地图上单击或拖动标记设置位置</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/map_panel.py" line="268"/>
        <source>Esc cancels.</source>
        <translation>按 Esc 取消。</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/map_panel.py" line="270"/>
        <location filename="../../workstation/ui/map_panel.py" line="289"/>
        <source>S</source>
        <comment>similar case badge</comment>
        <translation>似</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/map_panel.py" line="271"/>
        <location filename="../../workstation/ui/map_panel.py" line="291"/>
        <source>C</source>
        <comment>collector badge</comment>
        <translation>采</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/map_panel.py" line="272"/>
        <source>Legend</source>
        <translation>图例</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/map_panel.py" line="282"/>
        <source>Open case, in time</source>
        <translation>未结案卷：时限内</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/map_panel.py" line="283"/>
        <source>Open case, time nearly used up</source>
        <translation>未结案卷：即将超时</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/map_panel.py" line="284"/>
        <source>Open case, overdue</source>
        <translation>未结案卷：已超时</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/map_panel.py" line="286"/>
        <source>Several cases (in the most urgent one&apos;s colour)</source>
        <translation>多个案卷（颜色取最紧急的）</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/map_panel.py" line="287"/>
        <source>The selected case</source>
        <translation>当前案卷</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/map_panel.py" line="288"/>
        <source>Unit grid (the case&apos;s in bold)</source>
        <translation>单元网格（当前网格加粗）</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/map_panel.py" line="290"/>
        <source>Similar case, dashed line to it</source>
        <translation>相似案卷（虚线相连）</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/map_panel.py" line="292"/>
        <source>Collector on duty</source>
        <translation>在岗采集员</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/map_panel.py" line="405"/>
        <source>Department: %1</source>
        <translation>责任部门：%1</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/map_panel.py" line="408"/>
        <source>Department: %1 (suggested)</source>
        <translation>责任部门：%1（建议）</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/map_panel.py" line="432"/>
        <source>C</source>
        <comment>camera badge</comment>
        <translation>摄</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/map_panel.py" line="432"/>
        <source>M</source>
        <comment>manhole cover badge</comment>
        <translation>井</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/map_panel.py" line="433"/>
        <source>W</source>
        <comment>water level badge</comment>
        <translation>水</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/map_panel.py" line="433"/>
        <source>B</source>
        <comment>litter bin badge</comment>
        <translation>箱</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/map_panel.py" line="434"/>
        <source>D</source>
        <comment>device badge</comment>
        <translation>设</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/map_panel.py" line="452"/>
        <source>Similar case %1</source>
        <translation>相似案卷 %1</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/map_panel.py" line="475"/>
        <source>No case selected: the map shows the open cases and the collectors.</source>
        <translation>未选择案卷：地图显示未结案卷和在岗采集员。</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/map_panel.py" line="478"/>
        <source>Grid %1 · %2 · %3 · %4</source>
        <translation>单元网格 %1 · %2 · %3 · %4</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/map_panel.py" line="479"/>
        <source>Outside the grid</source>
        <translation>不在单元网格内</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/map_panel.py" line="483"/>
        <source>The case has no point yet: Ctrl+Shift+D picks it on the map.</source>
        <translation>案卷尚无坐标：按 Ctrl+Shift+D 在地图上选点。</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/map_panel.py" line="508"/>
        <source>%1 open case(s)</source>
        <translation>未结案卷 %1 件</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/map_panel.py" line="513"/>
        <source>nearest collector %1, %2 away (at %3)</source>
        <translation>最近采集员 %1 相距 %2（%3 的位置）</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/map_panel.py" line="520"/>
        <source>%1 camera(s), nearest %2</source>
        <translation>摄像头 %1 个，最近 %2</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/map_panel.py" line="523"/>
        <source>no camera</source>
        <translation>无摄像头</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/map_panel.py" line="524"/>
        <source>%1 IoT device(s)</source>
        <translation>物联网设备 %1 个</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/map_panel.py" line="525"/>
        <source>Within %1: %2</source>
        <translation>%1内：%2</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/map_panel.py" line="567"/>
        <source>Collector %1 (%2), position at %3</source>
        <translation>采集员 %1（%2），%3 的位置</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/map_panel.py" line="581"/>
        <source>%1: %2 case(s) in the last %3 days</source>
        <translation>%1：近%3天 %2 件</translation>
    </message>
</context>
<context>
    <name>MergeDialog</name>
    <message>
        <location filename="../../workstation/ui/merge_dialog.py" line="26"/>
        <source>Merge as a duplicate</source>
        <translation>合并为重复案卷</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/merge_dialog.py" line="29"/>
        <source>Case %1 closes as a duplicate and its reporter is linked to:</source>
        <translation>案卷 %1 将作为重复案卷结束，上报人关联到：</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/merge_dialog.py" line="43"/>
        <source>Note for the record (optional)</source>
        <translation>备注（可选）</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/merge_dialog.py" line="45"/>
        <source>Merge</source>
        <translation>合并</translation>
    </message>
</context>
<context>
    <name>Operations</name>
    <message>
        <location filename="../../workstation/ui/operation.py" line="93"/>
        <source>Something went wrong: %1</source>
        <translation>操作出错：%1</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/operation.py" line="104"/>
        <source>Not done</source>
        <translation>操作未完成</translation>
    </message>
</context>
<context>
    <name>QueueAlerts</name>
    <message>
        <location filename="../../workstation/ui/alerts.py" line="69"/>
        <source>&amp;Mute deadline alerts</source>
        <translation>超时预警静音(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/alerts.py" line="105"/>
        <source>Case %1: %2 min left in this step</source>
        <translation>案卷 %1：本环节剩余 %2 分钟</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/alerts.py" line="111"/>
        <source>Deadline alert</source>
        <translation>超时预警</translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <location filename="../../workstation/ui/queue_model.py" line="152"/>
        <source>Case no.</source>
        <translation>案卷号</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/queue_model.py" line="153"/>
        <source>Channel</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/queue_model.py" line="154"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/queue_model.py" line="155"/>
        <source>Category</source>
        <translation>小类</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/queue_model.py" line="156"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/queue_model.py" line="157"/>
        <source>Grid / community</source>
        <translation>网格/社区</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/queue_model.py" line="158"/>
        <source>Waiting</source>
        <translation>等待时长</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/queue_model.py" line="159"/>
        <source>Step timer</source>
        <translation>环节计时</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/queue_model.py" line="160"/>
        <source>Held by</source>
        <translation>处理人</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/queue_model.py" line="218"/>
        <source>Outside the grid</source>
        <translation>网格外</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/queue_model.py" line="237"/>
        <source>%1 step, due %2</source>
        <translation>%1环节，%2 到期</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/queue_model.py" line="241"/>
        <source>About to run out</source>
        <translation>即将超时</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/queue_model.py" line="245"/>
        <source>Duplicate, merged into %1</source>
        <translation>重复案卷，已合并到 %1</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/queue_model.py" line="248"/>
        <source>Probably the same problem as %1: %2</source>
        <translation>疑似与 %1 重复：%2</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/queue_model.py" line="267"/>
        <source>Probable duplicate</source>
        <translation>疑似重复</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/queue_model.py" line="64"/>
        <source>%1 left</source>
        <extracomment>Role returning a sortable key (times as numbers, text as text).</extracomment>
        <translation>剩 %1</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/queue_model.py" line="64"/>
        <source>%1 over</source>
        <translation>超 %1</translation>
    </message>
</context>
<context>
    <name>QueuePanel</name>
    <message>
        <location filename="../../workstation/ui/queue_panel.py" line="120"/>
        <source>All channels</source>
        <translation>全部来源</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/queue_panel.py" line="128"/>
        <source>Filter: case no., address, category, description…</source>
        <translation>筛选：案卷号、地址、小类、描述…</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/queue_panel.py" line="188"/>
        <source>To accept</source>
        <translation>待受理</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/queue_panel.py" line="189"/>
        <source>To confirm</source>
        <translation>待确认</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/queue_panel.py" line="190"/>
        <source>To dispatch</source>
        <translation>待派遣</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/queue_panel.py" line="191"/>
        <source>In progress</source>
        <translation>在办</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/queue_panel.py" line="192"/>
        <source>To check / close</source>
        <translation>待核查/结案</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/queue_panel.py" line="193"/>
        <source>To call back</source>
        <translation>待回访</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/queue_panel.py" line="194"/>
        <source>Ended</source>
        <translation>已结束</translation>
    </message>
</context>
<context>
    <name>RejectDialog</name>
    <message>
        <location filename="../../workstation/ui/reject_dialog.py" line="36"/>
        <source>Reject case</source>
        <translation>不予受理/作废</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/reject_dialog.py" line="48"/>
        <source>Optional explanation for the record</source>
        <translation>补充说明（可选）</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/reject_dialog.py" line="56"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/reject_dialog.py" line="57"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/reject_dialog.py" line="58"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>RequestsPanel</name>
    <message>
        <location filename="../../workstation/ui/requests_panel.py" line="51"/>
        <source>Case no.</source>
        <extracomment>Read the list again this long after the last change of a case&apos;s requests. How many requests wait, after each read.</extracomment>
        <translation>案卷号</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/requests_panel.py" line="51"/>
        <source>Department</source>
        <translation>处置部门</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/requests_panel.py" line="51"/>
        <source>Request</source>
        <translation>申请</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/requests_panel.py" line="52"/>
        <source>Asked for</source>
        <translation>申请内容</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/requests_panel.py" line="52"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/requests_panel.py" line="52"/>
        <source>Asked at</source>
        <translation>申请时间</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/requests_panel.py" line="64"/>
        <source>Note for the department (optional)</source>
        <translation>给处置部门的意见（可选）</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/requests_panel.py" line="65"/>
        <source>&amp;Approve</source>
        <translation>批准(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/requests_panel.py" line="66"/>
        <source>Re&amp;fuse</source>
        <translation>驳回(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/requests_panel.py" line="67"/>
        <source>No request is waiting.</source>
        <translation>没有待审批的申请。</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/requests_panel.py" line="137"/>
        <location filename="../../workstation/ui/requests_panel.py" line="143"/>
        <source>until %1</source>
        <translation>至 %1</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/requests_panel.py" line="140"/>
        <source>%1 more</source>
        <translation>延长 %1</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/requests_panel.py" line="141"/>
        <source>one more limit</source>
        <translation>延长一个处置时限</translation>
    </message>
</context>
<context>
    <name>RevisitDialog</name>
    <message>
        <location filename="../../workstation/ui/revisit_dialog.py" line="30"/>
        <source>Call back about case %1</source>
        <translation>回访案卷 %1</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/revisit_dialog.py" line="45"/>
        <source>What the caller said (optional)</source>
        <translation>来电人反馈（选填）</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/revisit_dialog.py" line="49"/>
        <source>Record the call back</source>
        <translation>记录回访</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/revisit_dialog.py" line="63"/>
        <source>Caller: %1</source>
        <translation>来电人：%1</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/revisit_dialog.py" line="63"/>
        <source>(unknown)</source>
        <translation>（未留姓名电话）</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/revisit_dialog.py" line="64"/>
        <source>Problem: %1</source>
        <translation>反映问题：%1</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/revisit_dialog.py" line="66"/>
        <source>Handled by %1: %2</source>
        <translation>%1处置结果：%2</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/revisit_dialog.py" line="69"/>
        <source>Earlier calls: %1, the last at %2 (%3)</source>
        <translation>已回访 %1 次，最近一次 %2（%3）</translation>
    </message>
</context>
<context>
    <name>SimilarPanel</name>
    <message>
        <location filename="../../workstation/ui/similar_panel.py" line="155"/>
        <source>Similar cases</source>
        <translation>相似案卷</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/similar_panel.py" line="175"/>
        <source>Case no.</source>
        <translation>案卷号</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/similar_panel.py" line="175"/>
        <source>Similarity</source>
        <translation>相似度</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/similar_panel.py" line="175"/>
        <location filename="../../workstation/ui/similar_panel.py" line="199"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/similar_panel.py" line="176"/>
        <source>Why</source>
        <translation>判断依据</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/similar_panel.py" line="197"/>
        <source>Channel</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/similar_panel.py" line="197"/>
        <source>Reporter</source>
        <translation>上报人</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/similar_panel.py" line="198"/>
        <source>Reported</source>
        <translation>上报时间</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/similar_panel.py" line="198"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/similar_panel.py" line="198"/>
        <source>Apart</source>
        <translation>相距</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/similar_panel.py" line="199"/>
        <source>Description</source>
        <translation>问题描述</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/similar_panel.py" line="199"/>
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/similar_panel.py" line="235"/>
        <source>Similar cases (%1)</source>
        <translation>相似案卷（%1）</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/similar_panel.py" line="238"/>
        <source>The check took it for the same problem as %1 (%2 similar).</source>
        <translation>系统曾提示本案卷疑似与 %1 重复（相似度 %2）。</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/similar_panel.py" line="248"/>
        <source>Similar earlier cases, not close enough to warn.</source>
        <translation>有相似的早前案卷，但未达到疑似重复的程度。</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/similar_panel.py" line="254"/>
        <source>Decided: %1 (%2)</source>
        <translation>已判定：%1（%2）</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/similar_panel.py" line="326"/>
        <source>This case %1</source>
        <translation>本案卷 %1</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/similar_panel.py" line="331"/>
        <source>Similar case %1</source>
        <translation>相似案卷 %1</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/similar_panel.py" line="107"/>
        <location filename="../../workstation/ui/similar_panel.py" line="380"/>
        <source>Loading…</source>
        <translation>加载中…</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/similar_panel.py" line="97"/>
        <source>%1 away, reported %2</source>
        <translation>相距 %1，%2上报</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/similar_panel.py" line="139"/>
        <source>No photos</source>
        <translation>无照片</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/similar_panel.py" line="243"/>
        <source>Probably the same problem as %1 (%2 similar). Compare them, then merge, mark it not a duplicate, or file it anyway (F2).</source>
        <translation>本案卷疑似与 %1 重复（相似度 %2）。请比较后合并、判定不是重复，或仍立案（F2）。</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/similar_panel.py" line="345"/>
        <source>Could not load the case: %1</source>
        <translation>无法加载该案卷：%1</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/similar_panel.py" line="400"/>
        <source>Unreadable image</source>
        <translation>图片无法读取</translation>
    </message>
</context>
<context>
    <name>SimilarityStatsView</name>
    <message>
        <location filename="../../workstation/ui/similarity_stats.py" line="35"/>
        <source>Similar-case statistics</source>
        <translation>相似案卷统计</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/similarity_stats.py" line="40"/>
        <source>Reports checked</source>
        <translation>已检查上报</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/similarity_stats.py" line="41"/>
        <source>Warned as probable duplicates</source>
        <translation>提示疑似重复</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/similarity_stats.py" line="42"/>
        <source>Merged as duplicates</source>
        <translation>合并为重复案卷</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/similarity_stats.py" line="43"/>
        <source>Marked not a duplicate</source>
        <translation>判定不是重复</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/similarity_stats.py" line="44"/>
        <source>Filed with the warning standing</source>
        <translation>带提醒仍立案</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/similarity_stats.py" line="45"/>
        <source>Warned, still undecided</source>
        <translation>已提醒、尚未判定</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/similarity_stats.py" line="54"/>
        <source>Seat</source>
        <translation>坐席</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/similarity_stats.py" line="54"/>
        <source>Merged</source>
        <translation>合并</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/similarity_stats.py" line="54"/>
        <source>Not a duplicate</source>
        <translation>不是重复</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/similarity_stats.py" line="55"/>
        <source>Filed anyway</source>
        <translation>仍立案</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/similarity_stats.py" line="67"/>
        <source>Decisions per seat</source>
        <translation>各坐席的判定</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/similarity_stats.py" line="73"/>
        <source>Loading…</source>
        <translation>加载中…</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/similarity_stats.py" line="78"/>
        <source>Since %1</source>
        <translation>统计自 %1 起</translation>
    </message>
</context>
<context>
    <name>StatsWindow</name>
    <message>
        <location filename="../../workstation/ui/stats_window.py" line="30"/>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
</context>
<context>
    <name>WorkOrdersBox</name>
    <message>
        <location filename="../../workstation/ui/work_orders.py" line="36"/>
        <source>Work orders</source>
        <translation>派遣单</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/work_orders.py" line="41"/>
        <source>Department</source>
        <translation>处置部门</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/work_orders.py" line="41"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/work_orders.py" line="41"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/work_orders.py" line="41"/>
        <source>Deadline</source>
        <translation>处置时限</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/work_orders.py" line="42"/>
        <source>Rework</source>
        <translation>返工</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/work_orders.py" line="42"/>
        <source>Feedback</source>
        <translation>处置反馈</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/work_orders.py" line="79"/>
        <source>%1 asks for %2: %3 (waiting for the dispatcher, F11)</source>
        <translation>%1申请%2：%3（待派遣员审批，F11）</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/work_orders.py" line="89"/>
        <source>Supervised by %1 at %2: %3</source>
        <translation>%1 于 %2 督办：%3</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/work_orders.py" line="92"/>
        <source>%1 answered at %2: %3</source>
        <translation>%1于%2回复：%3</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/work_orders.py" line="95"/>
        <source>Waiting for the department&apos;s answer.</source>
        <translation>等待部门回复。</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/work_orders.py" line="103"/>
        <source>Call back: waiting (Ctrl+Shift+V).</source>
        <translation>回访：待回访（Ctrl+Shift+V）。</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/work_orders.py" line="105"/>
        <source>%1 call(s) not answered.</source>
        <translation>已%1次未接通。</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/work_orders.py" line="107"/>
        <source>Call back by %1 at %2: %3</source>
        <translation>回访：%1于%2回访，%3</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/work_orders.py" line="140"/>
        <source>Sent back %1 time(s) after a failed check</source>
        <translation>核查不通过，已返工 %1 次</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/work_orders.py" line="161"/>
        <source>%1: collector %2, due %3.</source>
        <translation>%1：采集员 %2，时限 %3。</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/work_orders.py" line="164"/>
        <source>passed</source>
        <translation>通过</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/work_orders.py" line="164"/>
        <source>not passed, sent back for rework</source>
        <translation>不通过，已返工</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../../workstation/ui/main.py" line="152"/>
        <source>local demo server</source>
        <translation>本机演示服务器</translation>
    </message>
</context>
</TS>
