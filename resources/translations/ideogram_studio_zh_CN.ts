<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AxisColumn</name>
    <message>
        <source>Nothing</source>
        <translation>无</translation>
    </message>
</context>
<context>
    <name>Background</name>
    <message>
        <source>The image could not be shown ({error}).</source>
        <translation>图片无法显示（{error}）。</translation>
    </message>
</context>
<context>
    <name>Batch</name>
    <message>
        <source>{path} is neither a photo nor a folder.</source>
        <translation>{path} 既不是照片，也不是文件夹。</translation>
    </message>
    <message>
        <source>{photo} has no mask: {mask} was not found beside it.</source>
        <translation>{photo} 没有蒙版：在它旁边没有找到 {mask}。</translation>
    </message>
    <message>
        <source>{photo} has no mask: {mask} was not found in {folder}.</source>
        <translation>{photo} 没有蒙版：在 {folder} 中没有找到 {mask}。</translation>
    </message>
    <message>
        <source>The mask {mask} cannot be read as an image.</source>
        <translation>蒙版 {mask} 无法作为图片读取。</translation>
    </message>
    <message>
        <source>{photo} is {width} × {height} and the mask {mask_width} × {mask_height}: their shapes differ too much to scale the mask onto it; give it a mask of its own.</source>
        <translation>{photo} 为 {width} × {height}，而蒙版为 {mask_width} × {mask_height}：两者形状相差太大，无法把蒙版缩放到照片上；请为它单独提供一个蒙版。</translation>
    </message>
    <message>
        <source>1 photo</source>
        <translation>1 张照片</translation>
    </message>
    <message>
        <source>{count} photos</source>
        <translation>{count} 张照片</translation>
    </message>
    <message>
        <source>{done} of {total} saved, {failed} failed, {left} left</source>
        <translation>共 {total} 张，已保存 {done} 张，{failed} 张失败，剩余 {left} 张</translation>
    </message>
    <message>
        <source>{time} left</source>
        <translation>剩余{time}</translation>
    </message>
    <message>
        <source>{amount} spent</source>
        <translation>已花费 {amount}</translation>
    </message>
    <message>
        <source> (+{count} at unknown prices)</source>
        <translation>（另有 {count} 张价格未知）</translation>
    </message>
    <message>
        <source>{amount} at the server</source>
        <translation>{amount} 正在服务器处理</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>stopping</source>
        <translation>正在停止</translation>
    </message>
    <message>
        <source>about {count} s</source>
        <translation>约 {count} 秒</translation>
    </message>
    <message>
        <source>about {count} min</source>
        <translation>约 {count} 分钟</translation>
    </message>
    <message>
        <source>about {count} h</source>
        <translation>约 {count} 小时</translation>
    </message>
    <message>
        <source>{photo} was sent but its answer never came, so it may have been billed; it is not sent again (give --resend-unanswered to send it on purpose).</source>
        <translation>{photo} 已发送但一直没有收到回复，可能已经计费；因此不会重发（如确要重发，请加上 --resend-unanswered）。</translation>
    </message>
    <message>
        <source>{photo} could not be read ({reason}).</source>
        <translation>无法读取 {photo}（{reason}）。</translation>
    </message>
    <message>
        <source>{photo}: its images could not be saved ({reason}).</source>
        <translation>{photo}：其图片无法保存（{reason}）。</translation>
    </message>
    <message>
        <source>{photo}: its answer could not be fetched again ({reasons}).</source>
        <translation>{photo}：无法重新获取其回复（{reasons}）。</translation>
    </message>
    <message>
        <source>{photo} was not sent: the batch&apos;s ledger {ledger} cannot be written ({reason}).</source>
        <translation>{photo} 未发送：批量编辑的记录文件 {ledger} 无法写入（{reason}）。</translation>
    </message>
    <message>
        <source>{count} to send, {price}</source>
        <translation>{count} 张待发送，{price}</translation>
    </message>
    <message>
        <source>nothing to send</source>
        <translation>没有需要发送的照片</translation>
    </message>
    <message>
        <source>{count} saved before (not sent again)</source>
        <translation>{count} 张之前已保存（不再发送）</translation>
    </message>
    <message>
        <source>{count} to fetch again (no new request)</source>
        <translation>{count} 张将重新下载（不发新请求）</translation>
    </message>
    <message>
        <source>{count} sent before without an answer (not sent again)</source>
        <translation>{count} 张之前已发送但无回复（不再发送）</translation>
    </message>
    <message>
        <source>{count} without a mask (would fail)</source>
        <translation>{count} 张没有蒙版（将会失败）</translation>
    </message>
</context>
<context>
    <name>BatchDialog</name>
    <message>
        <source>Batch edit</source>
        <translation>批量编辑</translation>
    </message>
    <message>
        <source>Add photos…</source>
        <translation>添加照片…</translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>The mask painted now, scaled to each photo</source>
        <translation>当前绘制的蒙版，按每张照片缩放</translation>
    </message>
    <message>
        <source>Masks beside the photos (photo.mask.png)</source>
        <translation>照片旁边的蒙版（photo.mask.png）</translation>
    </message>
    <message>
        <source>Masks in a folder, by the photos&apos; names…</source>
        <translation>文件夹中与照片同名的蒙版…</translation>
    </message>
    <message>
        <source>Prompt and options: those of the panel (prompt “{prompt}”).</source>
        <translation>提示词和选项：使用面板中的设置（提示词“{prompt}”）。</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Start batch</source>
        <translation>开始批量编辑</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message>
        <source>Masks</source>
        <translation>蒙版</translation>
    </message>
    <message>
        <source>Output folder</source>
        <translation>输出文件夹</translation>
    </message>
    <message>
        <source>Add photos</source>
        <translation>添加照片</translation>
    </message>
    <message>
        <source>Add folder</source>
        <translation>添加文件夹</translation>
    </message>
    <message>
        <source>Mask folder</source>
        <translation>蒙版文件夹</translation>
    </message>
    <message>
        <source>Masks in {folder}, by the photos&apos; names</source>
        <translation>{folder} 中与照片同名的蒙版</translation>
    </message>
</context>
<context>
    <name>BatchProgressView</name>
    <message>
        <source>Batch: {title}</source>
        <translation>批量编辑：{title}</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Starts no new photo; the photos at the server are still saved.</source>
        <translation>不再开始新的照片；已在服务器处理中的照片仍会保存。</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <source>Send again…</source>
        <translation>重新发送…</translation>
    </message>
    <message>
        <source>Sends again the photos whose answer never came; they may have been billed.</source>
        <translation>重新发送一直没有收到回复的照片；它们可能已经计费。</translation>
    </message>
    <message>
        <source>The batch is finished.</source>
        <translation>批量编辑已完成。</translation>
    </message>
    <message>
        <source>The batch was stopped: run it again from History to go on.</source>
        <translation>批量编辑已停止：可从历史记录中再次运行以继续。</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
</context>
<context>
    <name>CellView</name>
    <message>
        <source>Pick this image as a winner</source>
        <translation>将这张图片选为最佳</translation>
    </message>
    <message>
        <source>The cell&apos;s previous image</source>
        <translation>此单元格的上一张图片</translation>
    </message>
    <message>
        <source>The cell&apos;s next image</source>
        <translation>此单元格的下一张图片</translation>
    </message>
    <message>
        <source>seed {seed}</source>
        <translation>种子 {seed}</translation>
    </message>
</context>
<context>
    <name>CompareView</name>
    <message>
        <source>Hold \ to see the original</source>
        <translation>按住 \ 查看原图</translation>
    </message>
    <message>
        <source>◀ Editor</source>
        <translation>◀ 编辑器</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>适合窗口</translation>
    </message>
    <message>
        <source>Changes outside the mask</source>
        <translation>蒙版外的改动</translation>
    </message>
    <message>
        <source>Shows in magenta every pixel outside the edited area that differs from the original</source>
        <translation>用品红色标出编辑区域之外与原图不同的每个像素</translation>
    </message>
    <message>
        <source>Hold \ to see the original · wheel zooms all panes · drag with the middle button or Space to pan</source>
        <translation>按住 \ 查看原图 · 滚轮同时缩放所有窗格 · 按住中键或空格拖动以平移</translation>
    </message>
    <message>
        <source>Loading {count} images…</source>
        <translation>正在载入 {count} 张图片…</translation>
    </message>
    <message>
        <source>Original</source>
        <translation>原图</translation>
    </message>
    <message>
        <source>Looking for changes outside the mask…</source>
        <translation>正在查找蒙版外的改动…</translation>
    </message>
    <message>
        <source>, beyond the file format&apos;s compression</source>
        <translation>（文件格式的压缩误差除外）</translation>
    </message>
    <message>
        <source>no pixel outside the mask changed</source>
        <translation>蒙版外没有任何像素改变</translation>
    </message>
    <message>
        <source>{count} pixels outside the mask changed ({share} %)</source>
        <translation>蒙版外有 {count} 个像素改变（{share} %）</translation>
    </message>
</context>
<context>
    <name>Describe</name>
    <message>
        <source>Asking {host} to describe the image…</source>
        <translation>正在请 {host} 描述图片…</translation>
    </message>
    <message>
        <source>The server&apos;s answer has no descriptions; the path may not point at Ideogram&apos;s Describe.</source>
        <translation>服务器的回复里没有描述；路径可能没有指向 Ideogram 的描述接口。</translation>
    </message>
    <message>
        <source>Ideogram suggested no prompt for this image.</source>
        <translation>Ideogram 没有为这张图片建议任何提示词。</translation>
    </message>
    <message>
        <source>Suggest prompts failed unexpectedly; see the log.</source>
        <translation>建议提示词意外失败；详情见日志。</translation>
    </message>
</context>
<context>
    <name>Files</name>
    <message>
        <source>The data folder {folder} cannot be written ({reason}); the history and the session are not kept.</source>
        <translation>数据文件夹 {folder} 无法写入（{reason}）；历史记录和会话不会被保存。</translation>
    </message>
</context>
<context>
    <name>Gallery</name>
    <message>
        <source>Original</source>
        <translation>原图</translation>
    </message>
    <message>
        <source> · seed {seed}</source>
        <translation> · 种子 {seed}</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>对比</translation>
    </message>
    <message>
        <source>Before/After</source>
        <translation>前后对比</translation>
    </message>
    <message>
        <source>Use as input</source>
        <translation>用作输入</translation>
    </message>
    <message>
        <source>Save as…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <source>Reuse settings</source>
        <translation>沿用设置</translation>
    </message>
    <message>
        <source>Upscale…</source>
        <translation>放大…</translation>
    </message>
    <message>
        <source>Use as style reference</source>
        <translation>用作风格参考图</translation>
    </message>
    <message>
        <source>Use as character reference</source>
        <translation>用作角色参考图</translation>
    </message>
    <message>
        <source>Selected results side by side (select 1 to 4, Ctrl+click)</source>
        <translation>并排查看选中的结果（选择 1 到 4 张，Ctrl+单击）</translation>
    </message>
    <message>
        <source>A wipe between the original and the selected result</source>
        <translation>在原图和选中的结果之间拖动分界线对比</translation>
    </message>
    <message>
        <source>Continue editing from the selected result</source>
        <translation>以选中的结果继续编辑</translation>
    </message>
    <message>
        <source>More ▾</source>
        <translation>更多 ▾</translation>
    </message>
    <message>
        <source>Results appear here, grouped by job, as soon as they are saved.</source>
        <translation>结果一保存就会按任务分组显示在这里。</translation>
    </message>
</context>
<context>
    <name>HistoryPanel</name>
    <message>
        <source>The app closed or crashed while this job ran; results saved before are kept.</source>
        <translation>此任务运行时程序关闭或崩溃；之前已保存的结果都保留着。</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <source>partly saved</source>
        <translation>部分已保存</translation>
    </message>
    <message>
        <source>Search prompts…</source>
        <translation>搜索提示词…</translation>
    </message>
    <message>
        <source>★ only</source>
        <translation>仅 ★</translation>
    </message>
    <message>
        <source>Only jobs with a favourite result</source>
        <translation>只显示有收藏结果的任务</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>{count} entries shown</source>
        <translation>显示 {count} 个条目</translation>
    </message>
    <message>
        <source>1 entry shown</source>
        <translation>显示 1 个条目</translation>
    </message>
    <message>
        <source>Show it as it was: a sweep as its grid, with its photo and mask</source>
        <translation>按原样显示：参数扫描显示为网格，并带上其照片和蒙版</translation>
    </message>
    <message>
        <source>Put back the photo, the mask and every setting of this job</source>
        <translation>恢复此任务的照片、蒙版和所有设置</translation>
    </message>
    <message>
        <source>★ Favourite</source>
        <translation>★ 收藏</translation>
    </message>
    <message>
        <source>Fetch again</source>
        <translation>重新获取</translation>
    </message>
    <message>
        <source>Download the images of this job that could not be saved, while their links work</source>
        <translation>在链接仍有效时，重新下载此任务中未能保存的图片</translation>
    </message>
    <message>
        <source>Upscale…</source>
        <translation>放大…</translation>
    </message>
    <message>
        <source>Upscale this image with Ideogram: saved as a new result linked to it</source>
        <translation>用 Ideogram 放大这张图片：保存为与它关联的新结果</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>Delete all but ★…</source>
        <translation>删除全部（保留 ★）…</translation>
    </message>
    <message>
        <source>Estimates from the prices in Settings, of the jobs that may have been billed: an edit refused before it ran, or cancelled before it was sent, is not counted; withheld images are.</source>
        <translation>根据“设置”中的价格，对可能已计费的任务所做的估计：执行前被拒绝或发送前已取消的编辑不计入；被拦截的图片计入。</translation>
    </message>
    <message>
        <source>Reading its jobs…</source>
        <translation>正在读取其中的任务…</translation>
    </message>
    <message>
        <source>{count} cells</source>
        <translation>{count} 个单元格</translation>
    </message>
    <message>
        <source>1 cell</source>
        <translation>1 个单元格</translation>
    </message>
    <message>
        <source>{count} photos</source>
        <translation>{count} 张照片</translation>
    </message>
    <message>
        <source>1 photo</source>
        <translation>1 张照片</translation>
    </message>
    <message>
        <source>{count} regions</source>
        <translation>{count} 个区域</translation>
    </message>
    <message>
        <source>1 region</source>
        <translation>1 个区域</translation>
    </message>
    <message>
        <source>{count} jobs</source>
        <translation>{count} 个任务</translation>
    </message>
    <message>
        <source>1 job</source>
        <translation>1 个任务</translation>
    </message>
    <message>
        <source>{count} images</source>
        <translation>{count} 张图片</translation>
    </message>
    <message>
        <source>1 image</source>
        <translation>1 张图片</translation>
    </message>
    <message>
        <source>{count} running</source>
        <translation>{count} 个运行中</translation>
    </message>
    <message>
        <source>{count} failed</source>
        <translation>{count} 个失败</translation>
    </message>
    <message>
        <source>{count} not saved: unfold to fetch again</source>
        <translation>{count} 张未保存：展开以重新获取</translation>
    </message>
    <message>
        <source>withheld by the safety filter</source>
        <translation>被安全过滤器拦截</translation>
    </message>
    <message>
        <source>not saved</source>
        <translation>未保存</translation>
    </message>
    <message>
        <source>seed {seed}</source>
        <translation>种子 {seed}</translation>
    </message>
    <message>
        <source>Mark this image as a favourite (★ only lists them)</source>
        <translation>将此图像标为收藏（“仅 ★”会列出它们）</translation>
    </message>
    <message>
        <source>Favourites are images: unfold the entry and choose one of its images</source>
        <translation>收藏的是图像：展开该条目并选择其中一张图像</translation>
    </message>
    <message>
        <source>Favourites are images: unfold the job and choose one of its images</source>
        <translation>收藏的是图像：展开该任务并选择其中一张图像</translation>
    </message>
    <message>
        <source>This image was not saved: there is nothing to mark</source>
        <translation>此图像未保存：没有可标记的内容</translation>
    </message>
    <message>
        <source>Choose a saved image to mark it as a favourite</source>
        <translation>选择一张已保存的图像，将其标为收藏</translation>
    </message>
</context>
<context>
    <name>Ideogram</name>
    <message>
        <source>Sending the edit to {host}</source>
        <translation>正在把编辑请求发送到 {host}</translation>
    </message>
    <message>
        <source>The server&apos;s answer has no list of images; the base URL may not point at an Ideogram edit endpoint.</source>
        <translation>服务器的回复里没有图片列表；基础 URL 可能没有指向 Ideogram 的编辑接口。</translation>
    </message>
    <message>
        <source>Downloading image {number} of {count}</source>
        <translation>正在下载第 {number} 张图片，共 {count} 张</translation>
    </message>
    <message>
        <source>Not downloaded yet.</source>
        <translation>尚未下载。</translation>
    </message>
    <message>
        <source>Not downloaded: the edit was stopped before this image came.</source>
        <translation>未下载：这张图片到达之前编辑已停止。</translation>
    </message>
    <message>
        <source>The answer had no image for this entry.</source>
        <translation>回复中的这一项没有图片。</translation>
    </message>
    <message>
        <source>The connection broke while Ideogram was working on the edit; it may have run and been billed, so it is not sent again: check your results before trying once more.</source>
        <translation>Ideogram 处理编辑时连接中断；该请求可能已执行并已计费，所以不会自动重发：请先查看结果，再决定是否重试。</translation>
    </message>
    <message>
        <source>Cannot connect to {host}: check the internet connection and the base URL.</source>
        <translation>无法连接到 {host}：请检查网络连接和基础 URL。</translation>
    </message>
    <message>
        <source>Ideogram did not answer within {seconds:.0f} seconds; the edit may still have run and been billed, so it is not sent again.</source>
        <translation>Ideogram 在 {seconds:.0f} 秒内没有回复；该编辑可能仍已执行并计费，所以不会自动重发。</translation>
    </message>
    <message>
        <source>The server&apos;s answer is larger than {size}, far more than an edit&apos;s answer: check the base URL.</source>
        <translation>服务器的回复大于 {size}，远超编辑请求的正常回复：请检查基础 URL。</translation>
    </message>
    <message>
        <source>The relay at {host}</source>
        <translation>位于 {host} 的中转服务</translation>
    </message>
    <message>
        <source>The server at {host}</source>
        <translation>位于 {host} 的服务器</translation>
    </message>
    <message>
        <source>The request could not be sent: check the base URL and the path.</source>
        <translation>请求无法发送：请检查基础 URL 和路径。</translation>
    </message>
    <message>
        <source>Ideogram is busy; trying again in {delay:.0f} s</source>
        <translation>Ideogram 正忙，{delay:.0f} 秒后重试</translation>
    </message>
    <message>
        <source>Ideogram is busy: try again in {seconds} s.</source>
        <translation>Ideogram 正忙：请在 {seconds} 秒后重试。</translation>
    </message>
    <message>
        <source>The server answered with something that is not JSON (perhaps a web page): check the base URL and path.</source>
        <translation>服务器返回的不是 JSON（可能是一个网页）：请检查基础 URL 和路径。</translation>
    </message>
    <message>
        <source>The server&apos;s answer is not the JSON object Ideogram sends.</source>
        <translation>服务器的回复不是 Ideogram 返回的那种 JSON 对象。</translation>
    </message>
    <message>
        <source>Withheld by Ideogram&apos;s safety filter (still billed).</source>
        <translation>被 Ideogram 的安全过滤器拦截（仍会计费）。</translation>
    </message>
    <message>
        <source>The downloaded result is not a readable image.</source>
        <translation>下载的结果不是可读取的图片。</translation>
    </message>
    <message>
        <source>The result&apos;s link had expired or was refused before it could be downloaded (HTTP {status}).</source>
        <translation>结果链接在下载前已过期或被拒绝（HTTP {status}）。</translation>
    </message>
    <message>
        <source>The result could not be downloaded (HTTP {status}).</source>
        <translation>结果无法下载（HTTP {status}）。</translation>
    </message>
    <message>
        <source>The result is larger than {size}; it was not kept.</source>
        <translation>结果大于 {size}，未保留。</translation>
    </message>
    <message>
        <source>The result&apos;s address is not a web address, so it could not be downloaded.</source>
        <translation>结果的地址不是网址，因此无法下载。</translation>
    </message>
    <message>
        <source>The downloaded result is incomplete: the file is cut off.</source>
        <translation>下载的结果不完整：文件被截断了。</translation>
    </message>
    <message>
        <source>The result is {width} × {height} pixels, more than the {limit} megapixels a result may have; it was not kept.</source>
        <translation>结果为 {width} × {height} 像素，超过了结果允许的 {limit} 百万像素；未保留。</translation>
    </message>
    <message>
        <source>The result did not download within {seconds:.0f} seconds.</source>
        <translation>结果未能在 {seconds:.0f} 秒内下载完成。</translation>
    </message>
    <message>
        <source>The result&apos;s link redirected too many times.</source>
        <translation>结果链接重定向次数过多。</translation>
    </message>
    <message>
        <source>The result&apos;s link led to something that is not a web address (http or https).</source>
        <translation>结果链接指向的不是网址（http 或 https）。</translation>
    </message>
    <message>
        <source>The connection broke while downloading the result.</source>
        <translation>下载结果时连接中断。</translation>
    </message>
    <message>
        <source>The result could not be downloaded (the server kept failing).</source>
        <translation>结果无法下载（服务器一直出错）。</translation>
    </message>
    <message>
        <source>The server&apos;s certificate could not be verified, so {host} may not be who it claims to be; nothing was sent. Check the base URL, or the proxy and the date of this computer.</source>
        <translation>无法验证服务器证书，{host} 可能不是它声称的服务器；没有发送任何内容。请检查基础 URL，或代理设置和这台电脑的日期。</translation>
    </message>
    <message>
        <source>The proxy refused or failed the connection to {host}; nothing was sent.</source>
        <translation>代理拒绝或未能建立到 {host} 的连接；没有发送任何内容。</translation>
    </message>
    <message>
        <source>A secure connection to {host} could not be made; nothing was sent. Check the base URL (https:// or http://).</source>
        <translation>无法与 {host} 建立安全连接；没有发送任何内容。请检查基础 URL（https:// 或 http://）。</translation>
    </message>
    <message>
        <source> Ideogram said: “{server_error}”</source>
        <translation> Ideogram 的说明：“{server_error}”</translation>
    </message>
    <message>
        <source>Ideogram refused the request as invalid.{said}</source>
        <translation>Ideogram 认为请求无效，已拒绝。{said}</translation>
    </message>
    <message>
        <source> {speaker} said: “{server_error}”</source>
        <translation>{speaker}的说明：“{server_error}”</translation>
    </message>
    <message>
        <source>The request was refused as invalid.{said}</source>
        <translation>请求因无效而被拒绝。{said}</translation>
    </message>
    <message>
        <source>The API key was refused (wrong, expired or missing): check the key in Settings or in IDEOGRAM_API_KEY.</source>
        <translation>API 密钥被拒绝（错误、过期或缺失）：请检查“设置”中或 IDEOGRAM_API_KEY 里的密钥。</translation>
    </message>
    <message>
        <source>Your Ideogram plan&apos;s daily limit is reached: try again tomorrow.</source>
        <translation>你的 Ideogram 套餐已达到每日上限：请明天再试。</translation>
    </message>
    <message>
        <source>Your Ideogram account is out of credit: top it up, then try again.</source>
        <translation>你的 Ideogram 账户余额不足：充值后再试。</translation>
    </message>
    <message>
        <source>This API key has no access to the edit endpoint or to the {model} model.</source>
        <translation>此 API 密钥无权使用编辑接口或 {model} 模型。</translation>
    </message>
    <message>
        <source>Ideogram&apos;s safety check refused the prompt or the image: change them and try again.{said}</source>
        <translation>Ideogram 的安全检查拒绝了提示词或图片：请修改后再试。{said}</translation>
    </message>
    <message>
        <source>Ideogram is busy with too many images for your account: try again in a minute.</source>
        <translation>你的账户同时生成的图片太多，Ideogram 正忙：请一分钟后再试。</translation>
    </message>
    <message>
        <source>Ideogram is temporarily unavailable: try again in a few minutes.</source>
        <translation>Ideogram 暂时不可用：请几分钟后再试。</translation>
    </message>
    <message>
        <source>The server failed (HTTP {status}): try again later.{said}</source>
        <translation>服务器出错（HTTP {status}）：请稍后再试。{said}</translation>
    </message>
    <message>
        <source>The server answered HTTP {status}, which Ideogram Studio did not expect.{said}</source>
        <translation>服务器返回了 HTTP {status}，这不在 Ideogram Studio 的预期之内。{said}</translation>
    </message>
    <message>
        <source> (The answer was not JSON: check the base URL.)</source>
        <translation>（回复不是 JSON：请检查基础 URL。）</translation>
    </message>
    <message>
        <source>This provider does not offer {api} at {url} (HTTP {status}): set the right path for it in Settings (the provider&apos;s paths), or with --api-path on the command line.</source>
        <translation>此服务商在 {url} 上不提供 {api}（HTTP {status}）：请在“设置”中（服务商的路径）为它设置正确的路径，或在命令行中使用 --api-path。</translation>
    </message>
    <message>
        <source>this API</source>
        <translation>此接口</translation>
    </message>
    <message>
        <source>{who} says this endpoint ({path}) is deprecated; its successor is {successor}.</source>
        <translation>{who}表示此接口（{path}）已弃用；替代接口为 {successor}。</translation>
    </message>
    <message>
        <source>{who} says this endpoint ({path}) is deprecated.</source>
        <translation>{who}表示此接口（{path}）已弃用。</translation>
    </message>
    <message>
        <source>{who} says of this endpoint ({path}): “{notice}”</source>
        <translation>{who}对此接口（{path}）的说明：“{notice}”</translation>
    </message>
    <message>
        <source>The connection failed in a way Ideogram Studio did not expect; the edit may have run and been billed, so it is not sent again. The details are in the log.</source>
        <translation>连接以 Ideogram Studio 未预料的方式失败；该编辑可能已执行并计费，所以不会自动重发。详情见日志。</translation>
    </message>
</context>
<context>
    <name>Image</name>
    <message>
        <source>The image</source>
        <translation>该图片</translation>
    </message>
    <message>
        <source>“{name}”</source>
        <translation>“{name}”</translation>
    </message>
    <message>
        <source>{name} has no pixels ({width} × {height}).</source>
        <translation>{name} 没有像素（{width} × {height}）。</translation>
    </message>
    <message>
        <source>{name} is {width} × {height} pixels, too large to edit: Ideogram Studio opens images up to {limit} megapixels.</source>
        <translation>{name} 为 {width} × {height} 像素，太大无法编辑：Ideogram Studio 最多打开 {limit} 百万像素的图片。</translation>
    </message>
    <message>
        <source>{name} is {megapixels} megapixels, too large to edit: Ideogram Studio opens images up to {limit} megapixels.</source>
        <translation>{name} 有 {megapixels} 百万像素，太大无法编辑：Ideogram Studio 最多打开 {limit} 百万像素的图片。</translation>
    </message>
    <message>
        <source>{name} is not an image Ideogram Studio can read (it reads {formats}).</source>
        <translation>{name} 不是 Ideogram Studio 能读取的图片（支持 {formats}）。</translation>
    </message>
    <message>
        <source>{name} needs more memory than this computer has free.</source>
        <translation>{name} 需要的内存超过了这台电脑的可用内存。</translation>
    </message>
    <message>
        <source>{name} is damaged or incomplete (the file may be cut off); try exporting it again from the program that made it.</source>
        <translation>{name} 已损坏或不完整（文件可能被截断）；请用生成它的程序重新导出。</translation>
    </message>
    <message>
        <source>JPEG, PNG, WebP, BMP, TIFF, GIF and HEIC</source>
        <translation>JPEG、PNG、WebP、BMP、TIFF、GIF 和 HEIC</translation>
    </message>
    <message>
        <source>{name} is empty (0 bytes).</source>
        <translation>{name} 是空的（0 字节）。</translation>
    </message>
    <message>
        <source>{name} is a folder, not an image file.</source>
        <translation>{name} 是文件夹，不是图片文件。</translation>
    </message>
    <message>
        <source>{name} is empty (0 bytes): the file holds no image.</source>
        <translation>{name} 是空的（0 字节）：文件里没有图片。</translation>
    </message>
    <message>
        <source>{name} does not exist (it may have been moved or deleted).</source>
        <translation>{name} 不存在（可能已被移动或删除）。</translation>
    </message>
    <message>
        <source>{name} cannot be read: permission denied.</source>
        <translation>无法读取 {name}：没有权限。</translation>
    </message>
    <message>
        <source>{name} cannot be read ({reason}).</source>
        <translation>无法读取 {name}（{reason}）。</translation>
    </message>
</context>
<context>
    <name>ImageList</name>
    <message>
        <source>Add from file…</source>
        <translation>从文件添加…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Remove the selected images from the list</source>
        <translation>从列表中移除选中的图片</translation>
    </message>
</context>
<context>
    <name>JobCard</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Withheld by the safety filter</source>
        <translation>被安全过滤器拦截</translation>
    </message>
    <message>
        <source>Not available</source>
        <translation>不可用</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>放弃</translation>
    </message>
    <message>
        <source>Stop waiting: images that come back are not saved</source>
        <translation>停止等待：之后返回的图片不会保存</translation>
    </message>
</context>
<context>
    <name>JobState</name>
    <message>
        <source>Waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
</context>
<context>
    <name>Jobs</name>
    <message>
        <source>The edit was cancelled.</source>
        <translation>编辑已取消。</translation>
    </message>
    <message>
        <source>No image could be saved from this edit.</source>
        <translation>这次编辑没有能保存的图片。</translation>
    </message>
    <message>
        <source>This image could not be saved: the disk holding {folder} is full.</source>
        <translation>这张图片无法保存：{folder} 所在的磁盘已满。</translation>
    </message>
    <message>
        <source>This image could not be saved in {folder} ({reason}).</source>
        <translation>这张图片无法保存到 {folder}（{reason}）。</translation>
    </message>
    <message>
        <source>This image could not be made into the result to save.</source>
        <translation>这张图片无法生成要保存的结果。</translation>
    </message>
    <message>
        <source>The history could not record this job ({error}).</source>
        <translation>历史记录无法记下这个任务（{error}）。</translation>
    </message>
    <message>
        <source>Waiting for a free slot…</source>
        <translation>正在排队…</translation>
    </message>
    <message>
        <source>Cancelled before it started.</source>
        <translation>开始前已取消。</translation>
    </message>
    <message>
        <source>This edit may already be billed, so its images are still saved when they come back. Press Discard to stop waiting for them.</source>
        <translation>这次编辑可能已经计费，所以图片返回时仍会保存。按“放弃”可停止等待。</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Cancelled when the window closed.</source>
        <translation>窗口关闭时已取消。</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在开始…</translation>
    </message>
    <message>
        <source>Waiting: {busy} images are in progress and Ideogram allows {limit} at once.</source>
        <translation>等待中：已有 {busy} 张图片正在处理，而 Ideogram 同时最多允许 {limit} 张。</translation>
    </message>
    <message>
        <source>{count} saved, {missing} not available.</source>
        <translation>已保存 {count} 张，{missing} 张不可用。</translation>
    </message>
    <message>
        <source>{count} images saved.</source>
        <translation>已保存 {count} 张图片。</translation>
    </message>
    <message>
        <source>1 image saved.</source>
        <translation>已保存 1 张图片。</translation>
    </message>
    <message>
        <source> {count} images saved before that.</source>
        <translation>之前已保存 {count} 张图片。</translation>
    </message>
    <message>
        <source>Stopped when the app closed; images saved before are kept.</source>
        <translation>程序关闭时已停止；之前保存的图片都保留着。</translation>
    </message>
    <message>
        <source> 1 image saved before that.</source>
        <translation>之前已保存 1 张图片。</translation>
    </message>
    <message>
        <source>Discarded: images that come back are not saved.</source>
        <translation>已放弃：之后返回的图片不会保存。</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <source> History ▸ Fetch again can still save the others.</source>
        <translation>可在“历史记录 ▸ 重新获取”中保存其余图片。</translation>
    </message>
    <message>
        <source>The open photo could not be autosaved in {folder} ({reason}).</source>
        <translation>打开的照片无法自动保存到 {folder}（{reason}）。</translation>
    </message>
    <message>
        <source>Restored photo</source>
        <translation>恢复的照片</translation>
    </message>
    <message>
        <source>Its link was not recorded; it cannot be fetched again.</source>
        <translation>它的链接没有记录下来；无法重新获取。</translation>
    </message>
    <message>
        <source>The download broke off.</source>
        <translation>下载中断了。</translation>
    </message>
    <message>
        <source>Its link has expired (it was valid until {until}); it cannot be fetched again.</source>
        <translation>它的链接已过期（有效期至 {until}）；无法重新获取。</translation>
    </message>
</context>
<context>
    <name>Local</name>
    <message>
        <source>The local backend ignores the prompt: it removes what is masked and fills it from the surroundings. Set an Ideogram or relay key to generate from the prompt.</source>
        <translation>本地后端会忽略提示词：它去除蒙版覆盖的内容，并用周围的画面填补。设置 Ideogram 或中转服务的密钥后，才能按提示词生成。</translation>
    </message>
    <message>
        <source>Offline: the prompt is ignored. Generate removes what is painted and fills it from the surroundings, in at most {count} images (one per fill method).</source>
        <translation>离线：提示词会被忽略。生成会去除涂抹的部分并用周围内容填充，最多 {count} 张图像（每种填充方法一张）。</translation>
    </message>
    <message>
        <source>The local backend makes at most {count} variants.</source>
        <translation>本地后端最多生成 {count} 个版本。</translation>
    </message>
    <message>
        <source>Filling the masked area locally ({method})</source>
        <translation>正在本地填补蒙版区域（{method}）</translation>
    </message>
    <message>
        <source>Offline: the prompt is ignored; the painted area is filled from the surroundings in {made} images.</source>
        <translation>离线：提示词被忽略；涂抹区域用周围内容填充，共 {made} 张图像。</translation>
    </message>
    <message>
        <source>Offline: the prompt is ignored; the painted area is filled from the surroundings in 1 image.</source>
        <translation>离线：提示词被忽略；涂抹区域用周围内容填充，共 1 张图像。</translation>
    </message>
    <message>
        <source>{asked} were asked; it makes at most {count}.</source>
        <translation>请求了 {asked} 张；它最多生成 {count} 张。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&lt;h2&gt;Ideogram Studio&lt;/h2&gt;&lt;p&gt;Open a photo (&lt;b&gt;File ▸ Open&lt;/b&gt;, Ctrl+O), drop one here or paste one (Ctrl+V), then paint over what should change.&lt;/p&gt;&lt;p&gt;Without a key you can work offline at once: the local backend removes what you paint.&lt;br&gt;With an Ideogram or relay API key (&lt;b&gt;Edit ▸ Settings&lt;/b&gt;), describe the change and Ideogram paints it, up to eight versions to compare.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;Ideogram Studio&lt;/h2&gt;&lt;p&gt;打开一张照片（&lt;b&gt;文件 ▸ 打开&lt;/b&gt;，Ctrl+O），或拖到这里、粘贴进来（Ctrl+V），然后涂抹需要修改的地方。&lt;/p&gt;&lt;p&gt;没有密钥也能马上离线使用：本地后端会去除你涂抹的内容。&lt;br&gt;有了 Ideogram 或中转服务的 API 密钥（&lt;b&gt;编辑 ▸ 设置&lt;/b&gt;），描述想要的修改，Ideogram 就会画出来，最多八个版本供你对比。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Images (*.jpg *.jpeg *.png *.webp *.bmp *.tif *.tiff *.gif *.heic *.heif);;All files (*)</source>
        <translation>图片 (*.jpg *.jpeg *.png *.webp *.bmp *.tif *.tiff *.gif *.heic *.heif);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史记录</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Paste image</source>
        <translation>粘贴图片(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Batch edit…</source>
        <translation>批量编辑(&amp;B)…</translation>
    </message>
    <message>
        <source>Import mask (black = edit)…</source>
        <translation>导入蒙版（黑色 = 编辑）…</translation>
    </message>
    <message>
        <source>Import mask (white = edit)…</source>
        <translation>导入蒙版（白色 = 编辑）…</translation>
    </message>
    <message>
        <source>&amp;Export mask…</source>
        <translation>导出蒙版(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Mask</source>
        <translation>蒙版(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Invert</source>
        <translation>反转(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Clear</source>
        <translation>清除(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Fill all</source>
        <translation>全部填充(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Grow…</source>
        <translation>扩展(&amp;G)…</translation>
    </message>
    <message>
        <source>Grow the mask</source>
        <translation>扩展蒙版</translation>
    </message>
    <message>
        <source>Grow by (pixels):</source>
        <translation>扩展（像素）：</translation>
    </message>
    <message>
        <source>&amp;Shrink…</source>
        <translation>收缩(&amp;S)…</translation>
    </message>
    <message>
        <source>Shrink the mask</source>
        <translation>收缩蒙版</translation>
    </message>
    <message>
        <source>Shrink by (pixels):</source>
        <translation>收缩（像素）：</translation>
    </message>
    <message>
        <source>&amp;Feather…</source>
        <translation>羽化(&amp;F)…</translation>
    </message>
    <message>
        <source>Feather the mask</source>
        <translation>羽化蒙版</translation>
    </message>
    <message>
        <source>Feather by (pixels):</source>
        <translation>羽化（像素）：</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Fit in window</source>
        <translation>适合窗口(&amp;F)</translation>
    </message>
    <message>
        <source>Zoom &amp;in</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <source>Zoom &amp;out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Editor</source>
        <translation>编辑器(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Appearance</source>
        <translation>外观(&amp;A)</translation>
    </message>
    <message>
        <source>Follow the &amp;system</source>
        <translation>跟随系统(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>浅色(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>深色(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <source>Swap paint / erase</source>
        <translation>切换涂抹 / 擦除</translation>
    </message>
    <message>
        <source>Smaller brush</source>
        <translation>缩小画笔</translation>
    </message>
    <message>
        <source>Larger brush</source>
        <translation>放大画笔</translation>
    </message>
    <message>
        <source>Softer brush</source>
        <translation>画笔更软</translation>
    </message>
    <message>
        <source>Harder brush</source>
        <translation>画笔更硬</translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation>生成(&amp;G)</translation>
    </message>
    <message>
        <source>Focus the &amp;prompt</source>
        <translation>转到提示词(&amp;P)</translation>
    </message>
    <message>
        <source>Cancel all jobs</source>
        <translation>取消所有任务</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Shortcuts</source>
        <translation>快捷键(&amp;S)</translation>
    </message>
    <message>
        <source>Open the &amp;data folder</source>
        <translation>打开数据文件夹(&amp;D)</translation>
    </message>
    <message>
        <source>Open the &amp;log</source>
        <translation>打开日志(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;About Ideogram Studio</source>
        <translation>关于 Ideogram Studio(&amp;A)</translation>
    </message>
    <message>
        <source>No log is being written: the data folder cannot be written.</source>
        <translation>没有在写日志：数据文件夹无法写入。</translation>
    </message>
    <message>
        <source>Tools</source>
        <translation>工具</translation>
    </message>
    <message>
        <source>Reads {formats}.</source>
        <translation>可读取 {formats}。</translation>
    </message>
    <message>
        <source>Open a photo</source>
        <translation>打开照片</translation>
    </message>
    <message>
        <source>{name}: {width} × {height} pixels</source>
        <translation>{name}：{width} × {height} 像素</translation>
    </message>
    <message>
        <source>The clipboard holds no image: copy a picture, then paste again.</source>
        <translation>剪贴板里没有图片：先复制一张图片，再粘贴。</translation>
    </message>
    <message>
        <source>Pasted image</source>
        <translation>粘贴的图片</translation>
    </message>
    <message>
        <source>Job {number} queued.</source>
        <translation>任务 {number} 已加入队列。</translation>
    </message>
    <message>
        <source>The mask you painted has not been used yet. Restore this job and discard it?</source>
        <translation>您绘制的蒙版尚未使用。要恢复此任务并丢弃它吗？</translation>
    </message>
    <message>
        <source>Open a photo before importing a mask for it.</source>
        <translation>请先打开照片，再为它导入蒙版。</translation>
    </message>
    <message>
        <source>Import a mask</source>
        <translation>导入蒙版</translation>
    </message>
    <message>
        <source>Export the mask</source>
        <translation>导出蒙版</translation>
    </message>
    <message>
        <source>PNG (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <source>The mask could not be saved to {path} ({reason}).</source>
        <translation>蒙版无法保存到 {path}（{reason}）。</translation>
    </message>
    <message>
        <source>Mask saved to {path}</source>
        <translation>蒙版已保存到 {path}</translation>
    </message>
    <message>
        <source>&amp;Undo {step}</source>
        <translation>撤销 {step}(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo {step}</source>
        <translation>重做 {step}(&amp;R)</translation>
    </message>
    <message>
        <source>Last: {step}</source>
        <translation>上一步：{step}</translation>
    </message>
    <message>
        <source>Set by IDEOGRAM_PROVIDER in the environment</source>
        <translation>由环境变量 IDEOGRAM_PROVIDER 决定</translation>
    </message>
    <message>
        <source>{limit} images, not {asked}: Settings allow {limit} in progress at once.</source>
        <translation>{limit} 张图片，而不是 {asked} 张：设置中允许同时处理 {limit} 张。</translation>
    </message>
    <message>
        <source>Open a photo to edit first.</source>
        <translation>请先打开要编辑的照片。</translation>
    </message>
    <message>
        <source>Paint over the part of the photo that should change.</source>
        <translation>涂抹照片中需要修改的部分。</translation>
    </message>
    <message>
        <source>Write a prompt that describes the change (Ctrl+L).</source>
        <translation>写一段提示词描述想要的修改（Ctrl+L）。</translation>
    </message>
    <message>
        <source>Results cannot be saved: the data folder cannot be written (see the message above).</source>
        <translation>结果无法保存：数据文件夹无法写入（见上方的消息）。</translation>
    </message>
    <message>
        <source>Add your API key in Settings, or choose Local to work offline.</source>
        <translation>在“设置”中添加 API 密钥，或选择“本地”离线使用。</translation>
    </message>
    <message>
        <source>This version of Ideogram Studio cannot send edits to {api} yet.</source>
        <translation>此版本的 Ideogram Studio 还不支持 {api}。</translation>
    </message>
    <message>
        <source>The history keeps no copy of reference images: add {names} again to use them.</source>
        <translation>历史记录不保存参考图的副本：要使用它们，请重新添加 {names}。</translation>
    </message>
    <message>
        <source>Job #{number} failed: {reason}</source>
        <translation>任务 #{number} 失败：{reason}</translation>
    </message>
    <message>
        <source>Preparing the mask preview…</source>
        <translation>正在准备蒙版预览…</translation>
    </message>
    <message>
        <source>Sent mask: {width} × {height} px · black is edited, white is kept</source>
        <translation>发送的蒙版：{width} × {height} 像素 · 黑色会被编辑，白色保持不变</translation>
    </message>
    <message>
        <source>This is the mask exactly as it is sent.</source>
        <translation>这就是实际发送的蒙版。</translation>
    </message>
    <message>
        <source>This version cannot restore a {kind} from History.</source>
        <translation>此版本无法从历史记录中恢复“{kind}”类型的条目。</translation>
    </message>
    <message>
        <source>Original</source>
        <translation>原图</translation>
    </message>
    <message>
        <source>Original ◀ ▶ {result}</source>
        <translation>原图 ◀ ▶ {result}</translation>
    </message>
    <message>
        <source>Save the image as</source>
        <translation>图片另存为</translation>
    </message>
    <message>
        <source>The image could not be saved to {path} ({reason}).</source>
        <translation>图片无法保存到 {path}（{reason}）。</translation>
    </message>
    <message>
        <source>Painting {name}</source>
        <translation>正在涂抹 {name}</translation>
    </message>
    <message>
        <source>Remove this region?</source>
        <translation>移除这个区域？</translation>
    </message>
    <message>
        <source>{name} and its paint will be removed.</source>
        <translation>{name} 及其涂抹内容将被移除。</translation>
    </message>
    <message>
        <source>The regions&apos; masks could not be saved ({reason}).</source>
        <translation>各区域的蒙版无法保存（{reason}）。</translation>
    </message>
    <message>
        <source>{count} region jobs queued.</source>
        <translation>{count} 个区域任务已加入队列。</translation>
    </message>
    <message>
        <source>Saving the composite…</source>
        <translation>正在保存合成图…</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
    <message>
        <source>The composite could not be saved ({reason}).</source>
        <translation>合成图无法保存（{reason}）。</translation>
    </message>
    <message>
        <source>Composite</source>
        <translation>合成图</translation>
    </message>
    <message>
        <source>The mask you painted has not been used yet. Restore these regions and discard it?</source>
        <translation>你画的蒙版还没有用过。要恢复这些区域并放弃它吗？</translation>
    </message>
    <message>
        <source>This group has no region jobs to restore.</source>
        <translation>这一组没有可恢复的区域任务。</translation>
    </message>
    <message>
        <source>The mask of a region could not be read; it is left empty.</source>
        <translation>有一个区域的蒙版无法读取；该区域保持为空。</translation>
    </message>
    <message>
        <source>Image copied.</source>
        <translation>图片已复制。</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>The new language is used from the next start of Ideogram Studio.</source>
        <translation>新的语言将在下次启动 Ideogram Studio 时生效。</translation>
    </message>
    <message>
        <source>Restored {name} as you left it.</source>
        <translation>已按你离开时的样子恢复 {name}。</translation>
    </message>
    <message>
        <source>The photo of this job is no longer in the history folder.</source>
        <translation>这个任务的照片已不在历史记录文件夹中。</translation>
    </message>
    <message>
        <source>The mask of this job could not be read; the photo is restored.</source>
        <translation>这个任务的蒙版无法读取；照片已恢复。</translation>
    </message>
    <message>
        <source>Restored photo</source>
        <translation>恢复的照片</translation>
    </message>
    <message>
        <source>Restored: generate again, or change anything first.</source>
        <translation>已恢复：可以直接再次生成，或先做修改。</translation>
    </message>
    <message>
        <source>Results are saved in {folder} instead.</source>
        <translation>结果改为保存在 {folder}。</translation>
    </message>
    <message>
        <source>The images of a job are being fetched already.</source>
        <translation>已经在重新获取一个任务的图片。</translation>
    </message>
    <message>
        <source>Fetching the images of this job again…</source>
        <translation>正在重新获取此任务的图片…</translation>
    </message>
    <message>
        <source>The fetched images could not be saved ({reason}).</source>
        <translation>重新获取的图片无法保存（{reason}）。</translation>
    </message>
    <message>
        <source>The images could not be fetched again.</source>
        <translation>无法重新获取这些图片。</translation>
    </message>
    <message>
        <source>Image {number}: {reason}</source>
        <translation>图片 {number}：{reason}</translation>
    </message>
    <message>
        <source>{saved} of {total} images fetched.</source>
        <translation>已获取 {saved} 张，共 {total} 张。</translation>
    </message>
    <message>
        <source>Results ({failed} failed, {new} new)</source>
        <translation>结果（{failed} 个失败，{new} 张新图）</translation>
    </message>
    <message>
        <source>Results ({failed} failed)</source>
        <translation>结果（{failed} 个失败）</translation>
    </message>
    <message>
        <source>Results ({new} new)</source>
        <translation>结果（{new} 张新图）</translation>
    </message>
    <message>
        <source>A job failed: its card says why</source>
        <translation>有任务失败：其卡片上写明了原因</translation>
    </message>
    <message>
        <source>{name} is a style reference for Ideogram 3.0.</source>
        <translation>{name} 已设为 Ideogram 3.0 的风格参考图。</translation>
    </message>
    <message>
        <source>{name} is the character reference for Ideogram 3.0.</source>
        <translation>{name} 已设为 Ideogram 3.0 的角色参考图。</translation>
    </message>
    <message>
        <source>Delete this job?</source>
        <translation>删除这个任务？</translation>
    </message>
    <message>
        <source>The job and its {count} images will be deleted from disk.</source>
        <translation>这个任务及其 {count} 张图片将从磁盘上删除。</translation>
    </message>
    <message>
        <source>The job and its 1 image will be deleted from disk.</source>
        <translation>这个任务及其 1 张图片将从磁盘上删除。</translation>
    </message>
    <message>
        <source>Delete all but favourites?</source>
        <translation>删除所有未收藏的任务？</translation>
    </message>
    <message>
        <source>Every job without a ★ result is deleted, with its image files.</source>
        <translation>所有没有 ★ 结果的任务都会被删除，连同它们的图片文件。</translation>
    </message>
    <message>
        <source>Deleted {count} jobs.</source>
        <translation>已删除 {count} 个任务。</translation>
    </message>
    <message>
        <source>Deleted 1 job.</source>
        <translation>已删除 1 个任务。</translation>
    </message>
    <message>
        <source>Use as input</source>
        <translation>用作输入</translation>
    </message>
    <message>
        <source>Keep the painted regions on the new image?</source>
        <translation>在新图像上保留已绘制的区域吗？</translation>
    </message>
    <message>
        <source>Keep regions</source>
        <translation>保留区域</translation>
    </message>
    <message>
        <source>Clear regions</source>
        <translation>清除区域</translation>
    </message>
    <message>
        <source>Keep the painted mask on the new image?</source>
        <translation>在新图片上保留已画的蒙版吗？</translation>
    </message>
    <message>
        <source>Keep mask</source>
        <translation>保留蒙版</translation>
    </message>
    <message>
        <source>Clear mask</source>
        <translation>清除蒙版</translation>
    </message>
    <message>
        <source>Discard the mask?</source>
        <translation>放弃蒙版？</translation>
    </message>
    <message>
        <source>The mask you painted has not been used yet. Open another image and discard it?</source>
        <translation>你画的蒙版还没有用过。要打开另一张图片并放弃它吗？</translation>
    </message>
    <message>
        <source>Jobs are still running</source>
        <translation>任务仍在运行</translation>
    </message>
    <message>
        <source>{count} jobs are still running or waiting.</source>
        <translation>还有 {count} 个任务正在运行或等待。</translation>
    </message>
    <message>
        <source>1 job is still running or waiting.</source>
        <translation>还有 1 个任务正在运行或等待。</translation>
    </message>
    <message>
        <source>Results already saved are kept either way. A job already sent may be billed: quitting when they finish saves what comes back.</source>
        <translation>无论如何，已保存的结果都会保留。已经发送的任务可能已计费：选择“完成后退出”会保存返回的内容。</translation>
    </message>
    <message>
        <source>Results already saved are kept either way.</source>
        <translation>无论如何，已保存的结果都会保留。</translation>
    </message>
    <message>
        <source>Cancel jobs and quit</source>
        <translation>取消任务并退出</translation>
    </message>
    <message>
        <source>Quit when they finish</source>
        <translation>完成后退出</translation>
    </message>
    <message>
        <source>{photo} was sent but its answer never came, so it may have been billed; it is not sent again (press Send again… once the batch ends to send it on purpose).</source>
        <translation>{photo} 已发送但一直没有收到回复，可能已经计费；因此不会重发（如确要重发，请在批量编辑结束后点击“重新发送…”）。</translation>
    </message>
    <message>
        <source>A batch runs one edit: with several prompt regions, use masks by name, or remove all regions but one.</source>
        <translation>批量编辑只执行一种编辑：有多个提示词区域时，请按名称使用蒙版，或只保留一个区域。</translation>
    </message>
    <message>
        <source>No photos were found.</source>
        <translation>没有找到照片。</translation>
    </message>
    <message>
        <source>The mask cannot be written to {folder} ({reason}).</source>
        <translation>蒙版无法写入 {folder}（{reason}）。</translation>
    </message>
    <message>
        <source>This batch, about {job}, would bring today&apos;s estimated spend to {after}, over your daily limit of {limit}. Send it anyway?</source>
        <translation>这次批量编辑约 {job}，会使今天的预估花费达到 {after}，超过你的每日上限 {limit}。仍要发送吗？</translation>
    </message>
    <message>
        <source>{count} photos were sent before but their answer never came, so they may have been billed already. Send them again ({price})?</source>
        <translation>有 {count} 张照片之前已发送但一直没有收到回复，可能已经计费。要重新发送吗（{price}）？</translation>
    </message>
    <message>
        <source>1 photo was sent before but its answer never came, so it may have been billed already. Send it again ({price})?</source>
        <translation>有 1 张照片之前已发送但一直没有收到回复，可能已经计费。要重新发送吗（{price}）？</translation>
    </message>
    <message>
        <source>Send again?</source>
        <translation>重新发送？</translation>
    </message>
    <message>
        <source>The batch “{title}” did not finish ({done} saved, {left} left). Resume it now? Photos already saved are not sent again.</source>
        <translation>批量编辑“{title}”没有完成（已保存 {done} 张，剩余 {left} 张）。现在继续吗？已保存的照片不会重发。</translation>
    </message>
    <message>
        <source>Resume the batch?</source>
        <translation>继续批量编辑？</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Ideogram Studio will close when the photos at the server are saved; the batch resumes next time.</source>
        <translation>服务器处理中的照片保存后，Ideogram Studio 将关闭；批量编辑会在下次继续。</translation>
    </message>
    <message>
        <source>A batch is running</source>
        <translation>批量编辑正在运行</translation>
    </message>
    <message>
        <source>The batch resumes where it was the next time: saved photos are not sent again.</source>
        <translation>下次会从中断处继续批量编辑：已保存的照片不会重发。</translation>
    </message>
    <message>
        <source>Quit now drops the answer of the photo at the server: it may be billed, and it is not sent again unless you choose Send again.</source>
        <translation>“立即退出”会丢弃正在服务器处理的那张照片的回复：它可能已经计费，除非您选择“重新发送”，否则不会再次发送。</translation>
    </message>
    <message>
        <source>Quit now drops the answers of the {count} photos at the server: they may be billed, and they are not sent again unless you choose Send again.</source>
        <translation>“立即退出”会丢弃正在服务器处理的 {count} 张照片的回复：它们可能已经计费，除非您选择“重新发送”，否则不会再次发送。</translation>
    </message>
    <message>
        <source>Quit when the photos at the server are saved</source>
        <translation>服务器处理中的照片保存后退出</translation>
    </message>
    <message>
        <source>Quit now</source>
        <translation>立即退出</translation>
    </message>
    <message>
        <source>Keep working</source>
        <translation>继续工作</translation>
    </message>
    <message>
        <source>Ideogram Studio will close when the jobs finish.</source>
        <translation>任务完成后 Ideogram Studio 将关闭。</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Ideogram Studio {version}&lt;/h3&gt;&lt;p&gt;Paint a mask on a photo, describe the change, and compare what Ideogram makes of it.&lt;/p&gt;&lt;p&gt;Data folder: {folder}&lt;br&gt;Qt {qt} · Python {python}&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Ideogram Studio {version}&lt;/h3&gt;&lt;p&gt;在照片上绘制蒙版，描述想要的修改，再比较 Ideogram 生成的结果。&lt;/p&gt;&lt;p&gt;数据文件夹：{folder}&lt;br&gt;Qt {qt} · Python {python}&lt;/p&gt;</translation>
    </message>
    <message>
        <source>About Ideogram Studio</source>
        <translation>关于 Ideogram Studio</translation>
    </message>
    <message>
        <source>Something went wrong inside Ideogram Studio; your work is kept. The details are in the log (Help ▸ Open the log).</source>
        <translation>Ideogram Studio 内部出了问题；你的工作都保留着。详情见日志（帮助 ▸ 打开日志）。</translation>
    </message>
    <message>
        <source>This job, about {job}, would bring today&apos;s estimated spend to {after}, over your daily limit of {limit}. Send it anyway?</source>
        <translation>这个任务约 {job}，会使今天的预估花费达到 {after}，超过你的每日上限 {limit}。仍要发送吗？</translation>
    </message>
    <message>
        <source>Nothing was sent: the job would pass your daily limit.</source>
        <translation>没有发送任何内容：该任务会超出你的每日上限。</translation>
    </message>
    <message>
        <source>Over your daily limit</source>
        <translation>超出每日上限</translation>
    </message>
    <message>
        <source>Open a photo first: its description suggests prompts.</source>
        <translation>请先打开照片：根据它的描述来建议提示词。</translation>
    </message>
    <message>
        <source>Describing the region around the mask…</source>
        <translation>正在描述蒙版周围的区域…</translation>
    </message>
    <message>
        <source>Describing the photo…</source>
        <translation>正在描述照片…</translation>
    </message>
    <message>
        <source>{count} prompts suggested: pick one from the menu.</source>
        <translation>已建议 {count} 条提示词：请从菜单中选择一条。</translation>
    </message>
    <message>
        <source>1 prompt suggested: pick it from the menu.</source>
        <translation>已建议 1 条提示词：请从菜单中选择。</translation>
    </message>
    <message>
        <source>{what} queued as job #{number}.</source>
        <translation>{what}：已排入队列，任务 #{number}。</translation>
    </message>
    <message>
        <source>{count} extra upscales · {estimate}</source>
        <translation>额外放大 {count} 次 · {estimate}</translation>
    </message>
    <message>
        <source>1 extra upscale · {estimate}</source>
        <translation>额外放大 1 次 · {estimate}</translation>
    </message>
    <message>
        <source>Paint {name} first: it marks nothing to change yet.</source>
        <translation>请先涂抹 {name}：它还没有标出要修改的地方。</translation>
    </message>
    <message>
        <source>Write a prompt for {name}: what it should become.</source>
        <translation>请为 {name} 写一段提示词：描述它应该变成什么。</translation>
    </message>
    <message>
        <source>Region {number}</source>
        <translation>区域 {number}</translation>
    </message>
    <message>
        <source>A sweep varies one edit of one mask: with several prompt regions, generate them, or remove all regions but one to sweep.</source>
        <translation>参数扫描只改变同一蒙版上同一编辑的参数：有多个提示词区域时，请直接生成，或只保留一个区域再进行参数扫描。</translation>
    </message>
    <message>
        <source>S&amp;weep…</source>
        <translation>参数扫描(&amp;W)…</translation>
    </message>
    <message>
        <source>Show the sweep &amp;grid</source>
        <translation>显示参数扫描网格(&amp;G)</translation>
    </message>
    <message>
        <source>This sweep, about {job}, would bring today&apos;s estimated spend to {after}, over your daily limit of {limit}. Send it anyway?</source>
        <translation>这次参数扫描约 {job}，会使今天的预估花费达到 {after}，超过你的每日上限 {limit}。仍要发送吗？</translation>
    </message>
    <message>
        <source>Nothing was sent: the sweep would pass your daily limit.</source>
        <translation>没有发送任何内容：该参数扫描会超出你的每日上限。</translation>
    </message>
    <message>
        <source>Sweep sent: {count} requests queued.</source>
        <translation>参数扫描已发送：{count} 个请求已加入队列。</translation>
    </message>
    <message>
        <source>This version cannot read this sweep&apos;s plan.</source>
        <translation>此版本无法读取这次参数扫描的方案。</translation>
    </message>
    <message>
        <source>This sweep has no jobs left in History.</source>
        <translation>历史记录中已没有这次参数扫描的任务。</translation>
    </message>
    <message>
        <source>The mask you painted has not been used yet. Restore this sweep and discard it?</source>
        <translation>你画的蒙版还没有用过。要恢复这次参数扫描并放弃它吗？</translation>
    </message>
    <message>
        <source>Restored the sweep: “Sweep again…” sends it anew.</source>
        <translation>已恢复参数扫描：“再次扫描…”会重新发送它。</translation>
    </message>
    <message>
        <source>Wait until its jobs have finished, then delete it.</source>
        <translation>请等它的任务完成后再删除。</translation>
    </message>
    <message>
        <source>Delete “{title}”?</source>
        <translation>删除“{title}”？</translation>
    </message>
    <message>
        <source>Its {jobs} jobs and their {images} images will be deleted from disk.</source>
        <translation>其 {jobs} 个任务及 {images} 张图片将从磁盘上删除。</translation>
    </message>
    <message>
        <source>Export the contact sheet</source>
        <translation>导出联系表</translation>
    </message>
    <message>
        <source>Drawing the contact sheet…</source>
        <translation>正在绘制联系表…</translation>
    </message>
    <message>
        <source>This sweep is no longer in History.</source>
        <translation>这次参数扫描已不在历史记录中。</translation>
    </message>
    <message>
        <source>The contact sheet could not be saved to {path} ({reason}).</source>
        <translation>联系表无法保存到 {path}（{reason}）。</translation>
    </message>
    <message>
        <source>The contact sheet could not be drawn.</source>
        <translation>无法绘制联系表。</translation>
    </message>
    <message>
        <source>Contact sheet saved: {path}</source>
        <translation>联系表已保存：{path}</translation>
    </message>
</context>
<context>
    <name>MaskStep</name>
    <message>
        <source>Erase stroke</source>
        <translation>擦除笔画</translation>
    </message>
    <message>
        <source>Brush stroke</source>
        <translation>画笔笔画</translation>
    </message>
    <message>
        <source>Rectangle</source>
        <translation>矩形</translation>
    </message>
    <message>
        <source>Ellipse</source>
        <translation>椭圆</translation>
    </message>
    <message>
        <source>Lasso</source>
        <translation>套索</translation>
    </message>
    <message>
        <source>Magic wand</source>
        <translation>魔棒</translation>
    </message>
    <message>
        <source>{step} (subtract)</source>
        <translation>{step}（减去）</translation>
    </message>
    <message>
        <source>Clear mask</source>
        <translation>清除蒙版</translation>
    </message>
    <message>
        <source>Fill mask</source>
        <translation>填充蒙版</translation>
    </message>
    <message>
        <source>Invert mask</source>
        <translation>反转蒙版</translation>
    </message>
    <message>
        <source>Grow {pixels} px</source>
        <translation>扩展 {pixels} 像素</translation>
    </message>
    <message>
        <source>Shrink {pixels} px</source>
        <translation>收缩 {pixels} 像素</translation>
    </message>
    <message>
        <source>Feather {pixels} px</source>
        <translation>羽化 {pixels} 像素</translation>
    </message>
    <message>
        <source>Import mask</source>
        <translation>导入蒙版</translation>
    </message>
</context>
<context>
    <name>OptionsPanel</name>
    <message>
        <source>Default</source>
        <translation>默认</translation>
    </message>
    <message>
        <source>Ideogram 3.0</source>
        <translation>Ideogram 3.0 编辑</translation>
    </message>
    <message>
        <source>Ideogram 2.0 (legacy edit)</source>
        <translation>Ideogram 2.0（旧版编辑）</translation>
    </message>
    <message>
        <source>Relay</source>
        <translation>中转服务</translation>
    </message>
    <message>
        <source>Custom endpoint</source>
        <translation>自定义接口</translation>
    </message>
    <message>
        <source>Local (offline)</source>
        <translation>本地（离线）</translation>
    </message>
    <message>
        <source>Auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>On</source>
        <translation>开</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>关</translation>
    </message>
    <message>
        <source>General</source>
        <translation>通用</translation>
    </message>
    <message>
        <source>Realistic</source>
        <translation>写实</translation>
    </message>
    <message>
        <source>Design</source>
        <translation>设计</translation>
    </message>
    <message>
        <source>3D render</source>
        <translation>3D 渲染</translation>
    </message>
    <message>
        <source>Anime</source>
        <translation>动漫</translation>
    </message>
    <message>
        <source>Fiction</source>
        <translation>虚构</translation>
    </message>
    <message>
        <source>Describe what the painted area should become…</source>
        <translation>描述涂抹的区域应该变成什么…</translation>
    </message>
    <message>
        <source>Suggest prompts</source>
        <translation>建议提示词</translation>
    </message>
    <message>
        <source>Ideogram describes the photo, or the region around the mask when region editing is on, and offers prompts to pick from</source>
        <translation>Ideogram 描述照片（开启区域编辑时描述蒙版周围的区域），并给出可供选择的提示词</translation>
    </message>
    <message>
        <source>Which of Ideogram&apos;s edit APIs paints the change</source>
        <translation>用 Ideogram 的哪个编辑 API 来绘制修改</translation>
    </message>
    <message>
        <source>Ideogram 3.0&apos;s rendering speed: the faster, the cheaper</source>
        <translation>Ideogram 3.0 的渲染速度：越快越便宜</translation>
    </message>
    <message>
        <source>Sends no speed: Ideogram renders at its default</source>
        <translation>不发送速度：Ideogram 按其默认速度渲染</translation>
    </message>
    <message>
        <source>Fixed</source>
        <translation>固定</translation>
    </message>
    <message>
        <source>Off: a new random seed for every image</source>
        <translation>关闭时：每张图片使用新的随机种子</translation>
    </message>
    <message>
        <source>Random</source>
        <translation>随机</translation>
    </message>
    <message>
        <source>A new random seed (and fix it)</source>
        <translation>生成新的随机种子（并固定它）</translation>
    </message>
    <message>
        <source>Reuse</source>
        <translation>沿用</translation>
    </message>
    <message>
        <source>Use the seed of the selected result</source>
        <translation>使用选中结果的种子</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <source>Edit a region around the mask, at full resolution</source>
        <translation>只编辑蒙版周围的区域，保持全分辨率</translation>
    </message>
    <message>
        <source>Sends only a padded crop around the mask and pastes each result back into the photo: everything outside the blended edge stays exactly as it was</source>
        <translation>只发送蒙版周围留有边距的裁剪区域，再把每个结果贴回照片：融合边缘之外的一切都保持原样</translation>
    </message>
    <message>
        <source> px</source>
        <translation> 像素</translation>
    </message>
    <message>
        <source>Context around the mask (Auto: a quarter of the mask&apos;s size)</source>
        <translation>蒙版周围保留的上下文（自动：蒙版尺寸的四分之一）</translation>
    </message>
    <message>
        <source>Width of the blend outside the mask, so no seam shows</source>
        <translation>蒙版外融合过渡的宽度，避免出现接缝</translation>
    </message>
    <message>
        <source>Margin</source>
        <translation>边距</translation>
    </message>
    <message>
        <source>Blend</source>
        <translation>融合</translation>
    </message>
    <message>
        <source>Upscale each result before blending</source>
        <translation>融合前先放大每个结果</translation>
    </message>
    <message>
        <source>The region is over twice the size Ideogram returns: each result is upscaled (one Upscale per image) before it is blended in, so it is sharp, not stretched</source>
        <translation>该区域超过 Ideogram 返回尺寸的两倍：每个结果在融合前都会先放大（每张图片放大一次），因此清晰而不是被拉伸</translation>
    </message>
    <message>
        <source>Preview the mask that is sent</source>
        <translation>预览发送的蒙版</translation>
    </message>
    <message>
        <source>Shows the mask exactly as it is uploaded: black is edited</source>
        <translation>按上传时的样子显示蒙版：黑色部分会被编辑</translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <source>Sweep…</source>
        <translation>参数扫描…</translation>
    </message>
    <message>
        <source>Compare values in a labelled grid: prompts, seeds, styles…</source>
        <translation>在带标签的网格中比较不同取值：提示词、种子、风格…</translation>
    </message>
    <message>
        <source>API</source>
        <translation>API</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>Magic prompt</source>
        <translation>魔法提示词</translation>
    </message>
    <message>
        <source>Style</source>
        <translation>风格</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>图片数</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>服务商</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>提示词</translation>
    </message>
    <message>
        <source>{style} — not offered by {api}</source>
        <translation>{style} — {api} 不提供</translation>
    </message>
    <message>
        <source>This backend makes at most {count} images</source>
        <translation>此后端最多生成 {count} 张图像</translation>
    </message>
    <message>
        <source>Ctrl+Enter · prices are estimates: set them in Settings ▸ Prices…</source>
        <translation>Ctrl+Enter · 价格为估计值：可在“设置 ▸ 价格…”中修改</translation>
    </message>
    <message>
        <source>Flash (fastest)</source>
        <translation>闪速（最快）</translation>
    </message>
    <message>
        <source>Turbo (fast)</source>
        <translation>快速（较快）</translation>
    </message>
    <message>
        <source>Default, sent by name</source>
        <translation>默认（明确发送）</translation>
    </message>
    <message>
        <source>Quality (slowest, finest)</source>
        <translation>高质量（最慢，最精细）</translation>
    </message>
</context>
<context>
    <name>PaletteEditor</name>
    <message>
        <source>Ember</source>
        <translation>余烬</translation>
    </message>
    <message>
        <source>Fresh</source>
        <translation>清新</translation>
    </message>
    <message>
        <source>Jungle</source>
        <translation>丛林</translation>
    </message>
    <message>
        <source>Magic</source>
        <translation>魔幻</translation>
    </message>
    <message>
        <source>Melon</source>
        <translation>蜜瓜</translation>
    </message>
    <message>
        <source>Mosaic</source>
        <translation>马赛克</translation>
    </message>
    <message>
        <source>Pastel</source>
        <translation>粉彩</translation>
    </message>
    <message>
        <source>Ultramarine</source>
        <translation>群青</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Custom colours</source>
        <translation>自定义颜色</translation>
    </message>
    <message>
        <source>The colours Ideogram leans towards in what it paints</source>
        <translation>Ideogram 绘制时偏向使用的颜色</translation>
    </message>
    <message>
        <source>Add colour…</source>
        <translation>添加颜色…</translation>
    </message>
    <message>
        <source>A colour of the palette</source>
        <translation>调色板中的一种颜色</translation>
    </message>
</context>
<context>
    <name>Prices</name>
    <message>
        <source>free (offline)</source>
        <translation>免费（离线）</translation>
    </message>
    <message>
        <source>{amount} + {count} upscales, price unknown</source>
        <translation>{amount} + {count} 次放大（价格未知）</translation>
    </message>
    <message>
        <source>price unknown</source>
        <translation>价格未知</translation>
    </message>
    <message>
        <source>1 image</source>
        <translation>1 张图片</translation>
    </message>
    <message>
        <source>{count} images</source>
        <translation>{count} 张图片</translation>
    </message>
    <message>
        <source>about {amount}</source>
        <translation>约 {amount}</translation>
    </message>
</context>
<context>
    <name>PricesDialog</name>
    <message>
        <source>Legacy edit (2.0)</source>
        <translation>旧版编辑（2.0）</translation>
    </message>
    <message>
        <source>Ideogram 3.0</source>
        <translation>Ideogram 3.0 编辑</translation>
    </message>
    <message>
        <source>3.0 with a character reference</source>
        <translation>3.0 带角色参考图</translation>
    </message>
    <message>
        <source>Upscale</source>
        <translation>放大</translation>
    </message>
    <message>
        <source>Describe</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>V_2 (Default)</source>
        <translation>V_2（默认）</translation>
    </message>
    <message>
        <source>V_2_TURBO (Turbo)</source>
        <translation>V_2_TURBO（快速）</translation>
    </message>
    <message>
        <source>Flash</source>
        <translation>闪速</translation>
    </message>
    <message>
        <source>Turbo</source>
        <translation>快速</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>默认</translation>
    </message>
    <message>
        <source>Quality</source>
        <translation>高质量</translation>
    </message>
    <message>
        <source>Prices for {provider} (estimates)</source>
        <translation>{provider} 的价格（估计值）</translation>
    </message>
    <message>
        <source>Every figure is an estimate, in US dollars per image. Ideogram&apos;s published prices are filled in; a relay sets its own, so change them to what yours charges. Leave a price empty when it is not known: the estimate then says “price unknown”.</source>
        <translation>所有数字都是估计值，单位为每张图片的美元价格。已填入 Ideogram 公布的价格；中转服务自行定价，请改成你所用服务的实际收费。不知道的价格请留空：估计值会显示“价格未知”。</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>Reset to Ideogram&apos;s published prices</source>
        <translation>恢复为 Ideogram 公布的价格</translation>
    </message>
    <message>
        <source>“{text}” is not a price for {row}: write dollars like 0.06, or leave it empty when the price is unknown.</source>
        <translation>“{text}”不是{row}的有效价格：请按美元填写，如 0.06；价格未知时请留空。</translation>
    </message>
</context>
<context>
    <name>ReferenceImages</name>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.webp)</source>
        <translation>图片 (*.png *.jpg *.jpeg *.webp)</translation>
    </message>
</context>
<context>
    <name>ReferenceSection</name>
    <message>
        <source>References and palette</source>
        <translation>参考图和调色板</translation>
    </message>
    <message>
        <source>Style codes, style reference images, a colour palette, a character</source>
        <translation>风格代码、风格参考图、调色板、角色</translation>
    </message>
    <message>
        <source>e.g. 8a3f0c21, 0f1e2d3c</source>
        <translation>例如 8a3f0c21, 0f1e2d3c</translation>
    </message>
    <message>
        <source>Style codes of 8 hexadecimal characters, separated by commas or spaces. They replace the style type and the style images.</source>
        <translation>由 8 个十六进制字符组成的风格代码，用逗号或空格分隔。它们会取代风格类型和风格参考图。</translation>
    </message>
    <message>
        <source>No images: add files, or right-click a result</source>
        <translation>没有图片：添加文件，或右键单击一个结果</translation>
    </message>
    <message>
        <source>Style reference images</source>
        <translation>风格参考图</translation>
    </message>
    <message>
        <source>Codes</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>图片</translation>
    </message>
    <message>
        <source>None: a file, or a result (its menu)</source>
        <translation>无：文件，或结果（其菜单）</translation>
    </message>
    <message>
        <source>Character reference image</source>
        <translation>角色参考图</translation>
    </message>
    <message>
        <source>None (optional)</source>
        <translation>无（可选）</translation>
    </message>
    <message>
        <source>Mask of the character image</source>
        <translation>角色图的蒙版</translation>
    </message>
    <message>
        <source>Optional: which part of the character image to use, the same size as it</source>
        <translation>可选：指定使用角色图的哪一部分，尺寸须与角色图相同</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>图片</translation>
    </message>
    <message>
        <source>Mask</source>
        <translation>蒙版</translation>
    </message>
    <message>
        <source>Style</source>
        <translation>风格</translation>
    </message>
    <message>
        <source>Palette</source>
        <translation>调色板</translation>
    </message>
    <message>
        <source>Character</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>{count} style codes</source>
        <translation>{count} 个风格代码</translation>
    </message>
    <message>
        <source>1 style code</source>
        <translation>1 个风格代码</translation>
    </message>
    <message>
        <source>{count} style images</source>
        <translation>{count} 张风格参考图</translation>
    </message>
    <message>
        <source>1 style image</source>
        <translation>1 张风格参考图</translation>
    </message>
    <message>
        <source>{count} colours</source>
        <translation>{count} 种颜色</translation>
    </message>
    <message>
        <source>1 colour</source>
        <translation>1 种颜色</translation>
    </message>
    <message>
        <source>a character</source>
        <translation>一个角色</translation>
    </message>
    <message>
        <source>none set</source>
        <translation>未设置</translation>
    </message>
</context>
<context>
    <name>Region</name>
    <message>
        <source>Only a {width} × {height} region at ({x}, {y}) was edited and pasted back at full resolution, blended over {feather} px.</source>
        <translation>只编辑了位于 ({x}, {y}) 的 {width} × {height} 区域，并以全分辨率贴回，融合宽度 {feather} 像素。</translation>
    </message>
</context>
<context>
    <name>RegionRow</name>
    <message>
        <source>Paint into this region (right-click to rename or move)</source>
        <translation>在此区域中涂抹（右键单击可重命名或移动）</translation>
    </message>
    <message>
        <source>What this region should become…</source>
        <translation>这个区域应该变成什么…</translation>
    </message>
    <message>
        <source>Remove this region and its paint</source>
        <translation>移除此区域及其涂抹内容</translation>
    </message>
</context>
<context>
    <name>Regions</name>
    <message>
        <source>Add at least one prompt region: a mask and its prompt.</source>
        <translation>请至少添加一个提示词区域：一个蒙版及其提示词。</translation>
    </message>
    <message>
        <source>The mask of region {number} is {mask_width} × {mask_height} pixels but the photo is {width} × {height}: they must be the same size.</source>
        <translation>区域 {number} 的蒙版是 {mask_width} × {mask_height} 像素，而照片是 {width} × {height}：两者必须一样大。</translation>
    </message>
    <message>
        <source>The mask of region {number} marks nothing to edit: paint its part of the photo or remove the region.</source>
        <translation>区域 {number} 的蒙版没有标出要编辑的地方：请涂抹照片中属于它的部分，或移除该区域。</translation>
    </message>
    <message>
        <source>Region {number} has no prompt: write what it should become.</source>
        <translation>区域 {number} 没有提示词：请写出它应该变成什么。</translation>
    </message>
    <message>
        <source>Region {number}: {problem}</source>
        <translation>区域 {number}：{problem}</translation>
    </message>
    <message>
        <source>A composite of {count} prompt regions.</source>
        <translation>由 {count} 个提示词区域组成的合成图。</translation>
    </message>
    <message>
        <source>Prompt regions: {prompts}</source>
        <translation>提示词区域：{prompts}</translation>
    </message>
</context>
<context>
    <name>RegionsPage</name>
    <message>
        <source>Changes outside the regions</source>
        <translation>区域外的改动</translation>
    </message>
    <message>
        <source>Shows in magenta every pixel outside all the regions that differs from the original</source>
        <translation>用品红色标出所有区域之外与原图不同的每个像素</translation>
    </message>
    <message>
        <source>Save composite</source>
        <translation>保存合成图</translation>
    </message>
    <message>
        <source>Saves the picture with every region&apos;s prompt, seed and mask in its metadata</source>
        <translation>保存图片，并在元数据中记录每个区域的提示词、种子和蒙版</translation>
    </message>
    <message>
        <source>Use as input</source>
        <translation>用作输入</translation>
    </message>
    <message>
        <source>Continue editing the composite</source>
        <translation>以合成图继续编辑</translation>
    </message>
    <message>
        <source>Composite</source>
        <translation>合成图</translation>
    </message>
    <message>
        <source>Keep the original in this region</source>
        <translation>在此区域保留原图</translation>
    </message>
    <message>
        <source>no pixel outside the regions changed</source>
        <translation>区域以外没有像素发生变化</translation>
    </message>
    <message>
        <source>{count} pixels outside the regions changed ({share} %)</source>
        <translation>区域以外有 {count} 个像素发生了变化（{share} %）</translation>
    </message>
    <message>
        <source>{number} · seed {seed}</source>
        <translation>{number} · 种子 {seed}</translation>
    </message>
    <message>
        <source>Compositing…</source>
        <translation>正在合成…</translation>
    </message>
</context>
<context>
    <name>RegionsPanel</name>
    <message>
        <source>+ Add region</source>
        <translation>+ 添加区域</translation>
    </message>
    <message>
        <source>Another mask with its own prompt: Generate edits each region and puts the results together into one picture</source>
        <translation>再加一个带有自己提示词的蒙版：“生成”会分别编辑每个区域，再把结果合成为一张图片</translation>
    </message>
    <message>
        <source>Composite ▸</source>
        <translation>合成图 ▸</translation>
    </message>
    <message>
        <source>The regions&apos; results, put together</source>
        <translation>各区域结果的合成</translation>
    </message>
    <message>
        <source>One request per region; pick each region&apos;s result after.</source>
        <translation>每个区域一个请求；之后再为每个区域挑选结果。</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Rename region</source>
        <translation>重命名区域</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
</context>
<context>
    <name>Request</name>
    <message>
        <source>This provider has no path set for the “{api}” API.</source>
        <translation>此服务商没有为“{api}”接口设置路径。</translation>
    </message>
    <message>
        <source>Unknown provider “{kind}”: choose one of {names}.</source>
        <translation>未知的服务商“{kind}”：请从 {names} 中选择。</translation>
    </message>
    <message>
        <source>The relay needs a base URL: give --base-url or set IDEOGRAM_BASE_URL to the address your relay gave you.</source>
        <translation>中转服务需要基础 URL：在“设置”中填写中转服务提供的地址（命令行用 --base-url 或 IDEOGRAM_BASE_URL）。</translation>
    </message>
    <message>
        <source>The API key is empty: paste your key again.</source>
        <translation>API 密钥为空：请重新粘贴密钥。</translation>
    </message>
    <message>
        <source>The API key has a space or a line break inside it: paste it again as one line.</source>
        <translation>API 密钥中有空格或换行：请把它作为一整行重新粘贴。</translation>
    </message>
    <message>
        <source>The API key has a character no API key contains (character {position}): copy it again from your provider&apos;s page.</source>
        <translation>API 密钥中有 API 密钥不会包含的字符（第 {position} 个字符）：请从服务商的页面重新复制。</translation>
    </message>
    <message>
        <source>The base URL must start with https:// (got “{url}”).</source>
        <translation>基础 URL 必须以 https:// 开头（当前为“{url}”）。</translation>
    </message>
    <message>
        <source>The base URL has no valid host name (got “{url}”).</source>
        <translation>基础 URL 没有有效的主机名（当前为“{url}”）。</translation>
    </message>
    <message>
        <source>The base URL must start with https:// for {host}: over plain http:// the API key would travel unencrypted (http:// is accepted only for this computer).</source>
        <translation>{host} 的基础 URL 必须以 https:// 开头：使用 http:// 时 API 密钥会以明文传输（http:// 只接受本机地址）。</translation>
    </message>
    <message>
        <source>A custom provider needs the path of its edit endpoint.</source>
        <translation>自定义服务商需要填写编辑接口的路径。</translation>
    </message>
    <message>
        <source>The {provider} provider needs an API key: set IDEOGRAM_API_KEY (it is never taken on the command line).</source>
        <translation>服务商 {provider} 需要 API 密钥：请设置 IDEOGRAM_API_KEY（密钥从不通过命令行参数传递）。</translation>
    </message>
    <message>
        <source>Write a prompt that describes the change before generating.</source>
        <translation>生成之前，请写一段提示词描述想要的修改。</translation>
    </message>
    <message>
        <source>The image must be an RGB or RGBA photo.</source>
        <translation>图片必须是 RGB 或 RGBA 照片。</translation>
    </message>
    <message>
        <source>The mask is {mask_width} × {mask_height} pixels but the image is {width} × {height}: they must be the same size.</source>
        <translation>蒙版是 {mask_width} × {mask_height} 像素，而图片是 {width} × {height}：两者必须一样大。</translation>
    </message>
    <message>
        <source>The mask marks nothing to edit: paint over the part of the photo that should change.</source>
        <translation>蒙版没有标出要编辑的地方：请涂抹照片中需要修改的部分。</translation>
    </message>
    <message>
        <source>The image was scaled down from {width} × {height} to {sent_w} × {sent_h} pixels to fit Ideogram&apos;s {megabytes} MB limit.</source>
        <translation>为符合 Ideogram 的 {megabytes} MB 上限，图片从 {width} × {height} 缩小到了 {sent_w} × {sent_h} 像素。</translation>
    </message>
    <message>
        <source>The palette weight “{weight}” is not a number.</source>
        <translation>调色板权重“{weight}”不是数字。</translation>
    </message>
    <message>
        <source>A palette is a preset ({names}) or colours like #b470b3:0.5,#2a9d8f.</source>
        <translation>调色板可以是预设（{names}），也可以是像 #b470b3:0.5,#2a9d8f 这样的颜色。</translation>
    </message>
    <message>
        <source>Ask for 1 to {max_images} images, not {num_images}.</source>
        <translation>图片数应为 1 到 {max_images}，而不是 {num_images}。</translation>
    </message>
    <message>
        <source>The seed must be a whole number from 0 to {max_seed:,}.</source>
        <translation>种子必须是 0 到 {max_seed:,} 之间的整数。</translation>
    </message>
    <message>
        <source>The style “{style}” is not offered by {api}.</source>
        <translation>{api} 不提供风格“{style}”。</translation>
    </message>
    <message>
        <source>Ideogram edits only with V_2 or V_2_TURBO, not {model}.</source>
        <translation>Ideogram 只能用 V_2 或 V_2_TURBO 编辑，不能用 {model}。</translation>
    </message>
    <message>
        <source>The style code “{code}” is not 8 hexadecimal characters (like 8a3f0c21).</source>
        <translation>风格代码“{code}”不是 8 个十六进制字符（如 8a3f0c21）。</translation>
    </message>
    <message>
        <source>Style codes cannot be combined with a style type or with style reference images: clear the one or the other.</source>
        <translation>风格代码不能与风格类型或风格参考图同时使用：请清除其中一方。</translation>
    </message>
    <message>
        <source>A character mask needs a character reference image to go with.</source>
        <translation>角色蒙版需要搭配一张角色参考图。</translation>
    </message>
    <message>
        <source>A character reference needs a style type: choose one (Auto will do).</source>
        <translation>角色参考图需要一个风格类型：请选择一个（“自动”也可以）。</translation>
    </message>
    <message>
        <source>The style reference images come to {size} MB together; Ideogram takes {limit} MB in total: use fewer or smaller images.</source>
        <translation>风格参考图合计 {size} MB；Ideogram 总共只接受 {limit} MB：请使用更少或更小的图片。</translation>
    </message>
    <message>
        <source>{name} is over Ideogram&apos;s {limit} MB limit for one file.</source>
        <translation>{name} 超过了 Ideogram 单个文件 {limit} MB 的上限。</translation>
    </message>
    <message>
        <source>Ideogram 3.0</source>
        <translation>Ideogram 3.0 编辑</translation>
    </message>
    <message>
        <source>the legacy edit (2.0)</source>
        <translation>旧版编辑（2.0）</translation>
    </message>
    <message>
        <source>“{name}” is not one of Ideogram&apos;s palettes ({names}).</source>
        <translation>“{name}”不是 Ideogram 的调色板之一（{names}）。</translation>
    </message>
    <message>
        <source>The custom palette has no colour in it.</source>
        <translation>自定义调色板中没有任何颜色。</translation>
    </message>
    <message>
        <source>“{name}” is neither one of Ideogram&apos;s palettes ({names}) nor a colour like #b470b3.</source>
        <translation>“{name}”既不是 Ideogram 的调色板之一（{names}），也不是像 #b470b3 这样的颜色。</translation>
    </message>
    <message>
        <source>The palette colour “{colour}” is not written like #b470b3.</source>
        <translation>调色板颜色“{colour}”的格式不对，应写成 #b470b3 这样。</translation>
    </message>
    <message>
        <source>The weight of {colour} must be from {low} to {high}, not {weight}.</source>
        <translation>{colour} 的权重必须在 {low} 到 {high} 之间，而不是 {weight}。</translation>
    </message>
    <message>
        <source>The reference image {name} cannot be read: it was moved or removed.</source>
        <translation>无法读取参考图 {name}：它已被移动或删除。</translation>
    </message>
    <message>
        <source>The photo was sent as a high-quality JPEG: as PNG it is over Ideogram&apos;s {megabytes} MB limit.</source>
        <translation>照片以高质量 JPEG 发送：作为 PNG 它超过了 Ideogram 的 {megabytes} MB 上限。</translation>
    </message>
    <message>
        <source>The photo was scaled down from {width} × {height} to {sent_w} × {sent_h} pixels (with its mask) to fit Ideogram&apos;s {megabytes} MB limit.</source>
        <translation>为符合 Ideogram 的 {megabytes} MB 上限，照片（连同蒙版）从 {width} × {height} 缩小到了 {sent_w} × {sent_h} 像素。</translation>
    </message>
    <message>
        <source>The reference image {name} is damaged or is not an image (JPEG, PNG, WebP, HEIC or TIFF).</source>
        <translation>参考图 {name} 已损坏或不是图片（JPEG、PNG、WebP、HEIC 或 TIFF）。</translation>
    </message>
    <message>
        <source>The character mask {mask} is {mask_width} × {mask_height} pixels but the character reference {name} is {width} × {height}: they must be the same size.</source>
        <translation>角色蒙版 {mask} 是 {mask_width} × {mask_height} 像素，而角色参考图 {name} 是 {width} × {height}：两者必须一样大。</translation>
    </message>
</context>
<context>
    <name>SeedEditor</name>
    <message>
        <source>Random seeds</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Replace the list with this many random seeds</source>
        <translation>用这么多个随机种子替换列表</translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <source>Keys are kept in the system keyring ({name}).</source>
        <translation>密钥保存在系统密钥环中（{name}）。</translation>
    </message>
    <message>
        <source>No system keyring was found, so keys are kept in {path}, a file only your user account can read.</source>
        <translation>没有找到系统密钥环，所以密钥保存在 {path} 中，这个文件只有你的用户账户能读取。</translation>
    </message>
    <message>
        <source>The system keyring refused to store the key; unlock it and try again.</source>
        <translation>系统密钥环拒绝保存密钥；请解锁后再试。</translation>
    </message>
    <message>
        <source>Offline: no key needed</source>
        <translation>离线：不需要密钥</translation>
    </message>
    <message>
        <source>No key: add one in Settings</source>
        <translation>没有密钥：请在“设置”中添加</translation>
    </message>
    <message>
        <source>Key set ({variable})</source>
        <translation>已设置密钥（{variable}）</translation>
    </message>
    <message>
        <source>Key set (keyring)</source>
        <translation>已设置密钥（密钥环）</translation>
    </message>
    <message>
        <source>Key set (key file)</source>
        <translation>已设置密钥（密钥文件）</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Same as the photo</source>
        <translation>与照片相同</translation>
    </message>
    <message>
        <source>Ideogram 3.0 path</source>
        <translation>Ideogram 3.0 路径</translation>
    </message>
    <message>
        <source>Describe path</source>
        <translation>描述路径</translation>
    </message>
    <message>
        <source>Upscale path</source>
        <translation>放大路径</translation>
    </message>
    <message>
        <source>Api-Key header (Ideogram)</source>
        <translation>Api-Key 请求头（Ideogram）</translation>
    </message>
    <message>
        <source>Bearer token</source>
        <translation>Bearer 令牌</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Relative to the base URL; left empty, the path shown in grey is used</source>
        <translation>相对于基础 URL；留空时使用灰色显示的路径</translation>
    </message>
    <message>
        <source>Paste your API key</source>
        <translation>粘贴你的 API 密钥</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Show the key as typed, to check it</source>
        <translation>按输入的原样显示密钥，以便核对</translation>
    </message>
    <message>
        <source>Set in the environment, and used instead of what is stored here: {names}.</source>
        <translation>以下环境变量已设置，会代替这里保存的内容：{names}。</translation>
    </message>
    <message>
        <source>Results keep the photo&apos;s colour profile and metadata in every format. Same as the photo: a JPEG gives JPEGs, a PNG PNGs; HEIC photos give JPEGs. JPEG and WebP hold 8 bits: a 16-bit photo keeps its depth in PNG and TIFF only.</source>
        <translation>任何格式的结果都保留照片的色彩配置文件和元数据。与照片相同：JPEG 照片得到 JPEG，PNG 照片得到 PNG；HEIC 照片得到 JPEG。JPEG 和 WebP 只有 8 位：16 位照片只有在 PNG 和 TIFF 中才保留其位深。</translation>
    </message>
    <message>
        <source>Remove the location (GPS) from saved results</source>
        <translation>从保存的结果中删除拍摄地点（定位信息）</translation>
    </message>
    <message>
        <source>Ideogram allows 10 images in progress at once per organisation, across all requests: jobs wait for room instead of being refused. Lower it when others use the same account.</source>
        <translation>Ideogram 允许每个组织同时处理 10 张图片（所有请求合计）：任务会排队等待空位，而不会被拒绝。如果别人也在使用同一个账户，请调低此值。</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>服务商</translation>
    </message>
    <message>
        <source>Base URL</source>
        <translation>基础 URL</translation>
    </message>
    <message>
        <source>Edit path (2.0)</source>
        <translation>编辑路径（2.0）</translation>
    </message>
    <message>
        <source>Not set: not offered</source>
        <translation>未设置：不提供</translation>
    </message>
    <message>
        <source>Prices…</source>
        <translation>价格…</translation>
    </message>
    <message>
        <source>The estimated price per image of the provider chosen above</source>
        <translation>上面所选服务商每张图片的估计价格</translation>
    </message>
    <message>
        <source>No limit</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>Before a job would bring today&apos;s estimated spend over this, the window asks and the command line refuses (unless given --over-limit)</source>
        <translation>当某个任务会使今天的预估花费超过此值时，窗口会先询问，命令行则会拒绝（除非加上允许超出上限的命令行选项）</translation>
    </message>
    <message>
        <source>Per image</source>
        <translation>每张图片</translation>
    </message>
    <message>
        <source>Daily limit</source>
        <translation>每日上限</translation>
    </message>
    <message>
        <source>Prices (estimates)</source>
        <translation>价格（估计值）</translation>
    </message>
    <message>
        <source>Free: nothing is billed</source>
        <translation>免费：不会产生任何费用</translation>
    </message>
    <message>
        <source>Your own prices</source>
        <translation>你自己设置的价格</translation>
    </message>
    <message>
        <source>Ideogram&apos;s published prices</source>
        <translation>Ideogram 公布的价格</translation>
    </message>
    <message>
        <source>Authentication</source>
        <translation>认证方式</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <source>Save results as</source>
        <translation>结果保存为</translation>
    </message>
    <message>
        <source>Images in progress at once</source>
        <translation>同时处理的图片数</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>结果</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Space + drag</source>
        <translation>空格 + 拖动</translation>
    </message>
    <message>
        <source>Pan (or drag with the middle button)</source>
        <translation>平移（或按住中键拖动）</translation>
    </message>
    <message>
        <source>Mouse wheel</source>
        <translation>鼠标滚轮</translation>
    </message>
    <message>
        <source>Zoom about the pointer</source>
        <translation>以指针为中心缩放</translation>
    </message>
    <message>
        <source>Hold \</source>
        <translation>按住 \</translation>
    </message>
    <message>
        <source>Hide the mask; in the compare views, show the original</source>
        <translation>隐藏蒙版；在对比视图中显示原图</translation>
    </message>
    <message>
        <source>Alt + shape or wand</source>
        <translation>Alt + 形状或魔棒</translation>
    </message>
    <message>
        <source>Subtract from the mask</source>
        <translation>从蒙版中减去</translation>
    </message>
    <message>
        <source>Cancel the shape being drawn</source>
        <translation>取消正在绘制的形状</translation>
    </message>
    <message>
        <source>Shortcuts</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>按键</translation>
    </message>
</context>
<context>
    <name>SingleImage</name>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
</context>
<context>
    <name>Spend</name>
    <message>
        <source>“{text}” is not a month written as YYYY-MM (like 2026-04).</source>
        <translation>“{text}”不是 YYYY-MM 格式的月份（如 2026-04）。</translation>
    </message>
    <message>
        <source>Today about {today} · this month about {month}</source>
        <translation>今天约 {today} · 本月约 {month}</translation>
    </message>
    <message>
        <source> (estimates; 1 job this month has no known price)</source>
        <translation>（估计值；本月有 1 个任务价格未知）</translation>
    </message>
    <message>
        <source> (estimates; {count} jobs this month have no known price)</source>
        <translation>（估计值；本月有 {count} 个任务价格未知）</translation>
    </message>
    <message>
        <source> (estimates)</source>
        <translation>（估计值）</translation>
    </message>
</context>
<context>
    <name>SwatchRow</name>
    <message>
        <source>Choose another colour</source>
        <translation>选择其他颜色</translation>
    </message>
    <message>
        <source>No weight</source>
        <translation>不设权重</translation>
    </message>
    <message>
        <source>How much of this colour: {low} to {high}; No weight lets Ideogram decide</source>
        <translation>这种颜色的比重：{low} 到 {high}；“不设权重”则由 Ideogram 决定</translation>
    </message>
    <message>
        <source>Remove this colour</source>
        <translation>移除这种颜色</translation>
    </message>
</context>
<context>
    <name>Sweep</name>
    <message>
        <source>Choose at least one value to sweep over.</source>
        <translation>请至少选择一项要扫描的参数。</translation>
    </message>
    <message>
        <source>A sweep has at most three axes.</source>
        <translation>参数扫描最多有三个维度。</translation>
    </message>
    <message>
        <source>Each axis must vary something else: {kind} is there twice.</source>
        <translation>每个维度必须改变不同的参数：“{kind}”出现了两次。</translation>
    </message>
    <message>
        <source>{kind} cannot be swept with this edit API.</source>
        <translation>这个编辑 API 不能扫描“{kind}”。</translation>
    </message>
    <message>
        <source>The {kind} axis has no values.</source>
        <translation>“{kind}”维度没有取值。</translation>
    </message>
    <message>
        <source>The {kind} axis has the same value twice.</source>
        <translation>“{kind}”维度有重复的取值。</translation>
    </message>
    <message>
        <source>Each cell asks for 1 to {most} images.</source>
        <translation>每个单元格可请求 1 到 {most} 张图片。</translation>
    </message>
    <message>
        <source>This sweep has {count} cells; at most {most} can be sent at once.</source>
        <translation>这次参数扫描有 {count} 个单元格；一次最多只能发送 {most} 个。</translation>
    </message>
    <message>
        <source>Cell {where}: {reason}</source>
        <translation>单元格 {where}：{reason}</translation>
    </message>
    <message>
        <source>Sweep: {axes}</source>
        <translation>参数扫描：{axes}</translation>
    </message>
    <message>
        <source>free</source>
        <translation>免费</translation>
    </message>
    <message>
        <source>price unknown</source>
        <translation>价格未知</translation>
    </message>
    <message>
        <source>about {price}</source>
        <translation>约 {price}</translation>
    </message>
    <message>
        <source>{requests} requests · {images} images · {price}</source>
        <translation>{requests} 个请求 · {images} 张图片 · {price}</translation>
    </message>
    <message>
        <source>1 request</source>
        <translation>1 个请求</translation>
    </message>
    <message>
        <source>{count} requests</source>
        <translation>{count} 个请求</translation>
    </message>
    <message>
        <source>1 image</source>
        <translation>1 张图像</translation>
    </message>
    <message>
        <source>{count} images</source>
        <translation>{count} 张图像</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>提示词</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <source>Style type</source>
        <translation>风格类型</translation>
    </message>
    <message>
        <source>Rendering speed</source>
        <translation>渲染速度</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Style codes</source>
        <translation>风格代码</translation>
    </message>
    <message>
        <source>Palette</source>
        <translation>调色板</translation>
    </message>
    <message>
        <source>prompts</source>
        <translation>个提示词</translation>
    </message>
    <message>
        <source>seeds</source>
        <translation>个种子</translation>
    </message>
    <message>
        <source>style types</source>
        <translation>种风格类型</translation>
    </message>
    <message>
        <source>speeds</source>
        <translation>种速度</translation>
    </message>
    <message>
        <source>models</source>
        <translation>个模型</translation>
    </message>
    <message>
        <source>style codes</source>
        <translation>组风格代码</translation>
    </message>
    <message>
        <source>palettes</source>
        <translation>种调色板</translation>
    </message>
    <message>
        <source>seed {seed}</source>
        <translation>种子 {seed}</translation>
    </message>
    <message>
        <source>The seed “{text}” is not a whole number from 0 to {most}.</source>
        <translation>种子“{text}”不是 0 到 {most} 之间的整数。</translation>
    </message>
    <message>
        <source>“{text}” is not a list of style codes (8 hex digits each).</source>
        <translation>“{text}”不是风格代码列表（每个为 8 位十六进制数）。</translation>
    </message>
    <message>
        <source>“{text}” is no {kind} here; choose from {names}.</source>
        <translation>“{text}”不是这里可用的{kind}；请从 {names} 中选择。</translation>
    </message>
    <message>
        <source>{count} images per cell</source>
        <translation>每个单元格 {count} 张图片</translation>
    </message>
    <message>
        <source>no image</source>
        <translation>无图片</translation>
    </message>
    <message>
        <source>withheld</source>
        <translation>被拦截</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>not sent</source>
        <translation>未发送</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>等待中</translation>
    </message>
</context>
<context>
    <name>SweepDialog</name>
    <message>
        <source>Rows</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>页</translation>
    </message>
    <message>
        <source>One prompt per line</source>
        <translation>每行一条提示词</translation>
    </message>
    <message>
        <source>Seeds, separated by spaces or lines</source>
        <translation>种子，用空格或换行分隔</translation>
    </message>
    <message>
        <source>One value per line: style codes (8 hex digits), separated by spaces</source>
        <translation>每行一个取值：风格代码（8 位十六进制数），用空格分隔</translation>
    </message>
    <message>
        <source>One palette per line: a name (PASTEL) or #RRGGBB[:weight],…</source>
        <translation>每行一个调色板：名称（PASTEL）或 #RRGGBB[:权重],…</translation>
    </message>
    <message>
        <source>Sweep</source>
        <translation>参数扫描</translation>
    </message>
    <message>
        <source>One request per cell: every value of the rows by every value of the columns (and pages), on this photo and mask with the panel&apos;s other options.</source>
        <translation>每个单元格一个请求：行的每个取值与列（及页）的每个取值逐一组合，作用于这张照片和蒙版，并使用面板中的其他选项。</translation>
    </message>
    <message>
        <source>Images per cell</source>
        <translation>每个单元格的图片数</translation>
    </message>
    <message>
        <source>Send the sweep</source>
        <translation>发送参数扫描</translation>
    </message>
</context>
<context>
    <name>SweepGrid</name>
    <message>
        <source>Waiting…</source>
        <translation>等待中…</translation>
    </message>
    <message>
        <source>Running…</source>
        <translation>运行中…</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <source>No image</source>
        <translation>无图片</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在载入…</translation>
    </message>
    <message>
        <source>The third axis: one page per value</source>
        <translation>第三个维度：每个取值一页</translation>
    </message>
    <message>
        <source>Sweep again…</source>
        <translation>再次扫描…</translation>
    </message>
    <message>
        <source>Open this sweep&apos;s plan to change it and send it again</source>
        <translation>打开这次参数扫描的方案，修改后重新发送</translation>
    </message>
    <message>
        <source>Export contact sheet…</source>
        <translation>导出联系表…</translation>
    </message>
    <message>
        <source>Hold \ to see the original · wheel zooms every cell · ★ picks a winner</source>
        <translation>按住 \ 查看原图 · 滚轮同时缩放所有单元格 · ★ 选出最佳</translation>
    </message>
    <message>
        <source>Original</source>
        <translation>原图</translation>
    </message>
    <message>
        <source>Looking for changes outside the mask…</source>
        <translation>正在查找蒙版外的改动…</translation>
    </message>
    <message>
        <source>{done} of {total} cells done</source>
        <translation>已完成 {done} 个单元格，共 {total} 个</translation>
    </message>
    <message>
        <source>{count} failed</source>
        <translation>{count} 个失败</translation>
    </message>
</context>
<context>
    <name>Tool</name>
    <message>
        <source>Brush</source>
        <translation>画笔</translation>
    </message>
    <message>
        <source>Eraser</source>
        <translation>橡皮擦</translation>
    </message>
    <message>
        <source>Rectangle</source>
        <translation>矩形</translation>
    </message>
    <message>
        <source>Ellipse</source>
        <translation>椭圆</translation>
    </message>
    <message>
        <source>Lasso</source>
        <translation>套索</translation>
    </message>
    <message>
        <source>Magic wand</source>
        <translation>魔棒</translation>
    </message>
</context>
<context>
    <name>ToolOptionsBar</name>
    <message>
        <source>Tool options</source>
        <translation>工具选项</translation>
    </message>
    <message>
        <source> px</source>
        <translation> 像素</translation>
    </message>
    <message>
        <source>Brush diameter in image pixels ([ and ]); another photo gets the same size in proportion to it</source>
        <translation>画笔直径，以图片像素计（[ 和 ]）；换一张照片时按其大小等比例换算</translation>
    </message>
    <message>
        <source>Hardness (Shift+[ and Shift+])</source>
        <translation>硬度（Shift+[ 和 Shift+]）</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Subtract</source>
        <translation>减去</translation>
    </message>
    <message>
        <source>What shapes and the wand do (hold Alt to subtract)</source>
        <translation>形状和魔棒的作用方式（按住 Alt 为减去）</translation>
    </message>
    <message>
        <source>Magic wand tolerance per colour channel</source>
        <translation>魔棒在每个颜色通道上的容差</translation>
    </message>
    <message>
        <source>Contiguous</source>
        <translation>连续</translation>
    </message>
    <message>
        <source>Overlay colour</source>
        <translation>叠加颜色</translation>
    </message>
    <message>
        <source>Overlay opacity</source>
        <translation>叠加不透明度</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Hardness</source>
        <translation>硬度</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>模式</translation>
    </message>
    <message>
        <source>Tolerance</source>
        <translation>容差</translation>
    </message>
    <message>
        <source>Overlay</source>
        <translation>叠加</translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation>不透明度</translation>
    </message>
</context>
<context>
    <name>Tools</name>
    <message>
        <source>Describe</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>Upscale</source>
        <translation>放大</translation>
    </message>
    <message>
        <source>Suggest prompts needs Ideogram or a relay: the offline backend cannot describe photos.</source>
        <translation>建议提示词需要 Ideogram 或中转服务：离线后端无法描述照片。</translation>
    </message>
    <message>
        <source>Upscale needs Ideogram or a relay: the offline backend cannot upscale images.</source>
        <translation>放大需要 Ideogram 或中转服务：离线后端无法放大图片。</translation>
    </message>
    <message>
        <source>This provider does not offer {tool} at this path ({endpoint}): check the path in Settings.</source>
        <translation>此服务商在这个路径（{endpoint}）上不提供“{tool}”：请检查“设置”中的路径。</translation>
    </message>
    <message>
        <source>This API key has no access to {tool} at {host}.</source>
        <translation>此 API 密钥无权使用 {host} 上的“{tool}”。</translation>
    </message>
</context>
<context>
    <name>Upscale</name>
    <message>
        <source>Upscaling image {number} before it is blended in</source>
        <translation>正在放大第 {number} 张图片，然后再融合</translation>
    </message>
    <message>
        <source>the upscale was cancelled.</source>
        <translation>放大已取消。</translation>
    </message>
    <message>
        <source>the upscale failed.</source>
        <translation>放大失败。</translation>
    </message>
    <message>
        <source>no image came back.</source>
        <translation>没有返回图片。</translation>
    </message>
    <message>
        <source>Image {number} was pasted without upscaling, stretched: {reason}</source>
        <translation>第 {number} 张图片未经放大就被拉伸贴回：{reason}</translation>
    </message>
    <message>
        <source>The results were upscaled with Ideogram&apos;s Upscale before they were pasted into the region, so the pasted area is not stretched.</source>
        <translation>结果在贴回区域之前已用 Ideogram 的放大功能放大，因此贴回的区域没有被拉伸。</translation>
    </message>
    <message>
        <source>Resemblance and detail go from 1 to 100, not {value}.</source>
        <translation>相似度和细节的取值为 1 到 100，而不是 {value}。</translation>
    </message>
    <message>
        <source>Only RGB or RGBA images can be upscaled.</source>
        <translation>只能放大 RGB 或 RGBA 图片。</translation>
    </message>
    <message>
        <source>Upscale of job {job}, image {image}</source>
        <translation>放大任务 {job} 的第 {image} 张图片</translation>
    </message>
    <message>
        <source>Upscale of {file}</source>
        <translation>放大 {file}</translation>
    </message>
    <message>
        <source>Upscale</source>
        <translation>放大</translation>
    </message>
    <message>
        <source>Sending the image to upscale to {host}</source>
        <translation>正在把要放大的图片发送到 {host}</translation>
    </message>
</context>
<context>
    <name>UpscaleDialog</name>
    <message>
        <source>Upscale</source>
        <translation>放大</translation>
    </message>
    <message>
        <source>How closely the upscaled image keeps to this one (1 to 100)</source>
        <translation>放大后的图片与这张图片的相似程度（1 到 100）</translation>
    </message>
    <message>
        <source>How much new detail it adds (1 to 100)</source>
        <translation>添加多少新细节（1 到 100）</translation>
    </message>
    <message>
        <source>Optional: what the image shows</source>
        <translation>可选：图片的内容</translation>
    </message>
    <message>
        <source>Saved as a new result, linked to this one · {cost}</source>
        <translation>保存为与这张图片关联的新结果 · {cost}</translation>
    </message>
    <message>
        <source>Resemblance</source>
        <translation>相似度</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>细节</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>提示词</translation>
    </message>
</context>
<context>
    <name>WipePage</name>
    <message>
        <source>◀ Editor</source>
        <translation>◀ 编辑器</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在载入…</translation>
    </message>
</context>
<context>
    <name>WipeView</name>
    <message>
        <source>Before</source>
        <translation>之前</translation>
    </message>
    <message>
        <source>After</source>
        <translation>之后</translation>
    </message>
</context>
</TS>
