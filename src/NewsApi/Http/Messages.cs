using System.Globalization;

namespace NewsApi.Http;

/// <summary>
/// The text a client reads in problem responses, in Arabic or English after Accept-Language (request
/// localisation sets the UI culture). English is the default for clients that ask for neither.
/// </summary>
public static class Messages
{
    public static bool IsArabic => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "ar";

    private static string Pick(string english, string arabic) => IsArabic ? arabic : english;

    public static string ValidationTitle => Pick("One or more request values are invalid.", "قيمة واحدة أو أكثر في الطلب غير صالحة.");

    public static string ValidationDetail => Pick("See 'errors' for the value of each parameter that was refused.", "راجع 'errors' لمعرفة كل قيمة رُفضت وسببها.");

    public static string WholeNumberBetween(string name, int min, int max) =>
        Pick($"'{name}' must be a whole number from {min} to {max}.", $"يجب أن تكون قيمة '{name}' عددًا صحيحًا من {min} إلى {max}.");

    public static string WholeNumberAtLeast(string name, int min) =>
        Pick($"'{name}' must be a whole number of at least {min}.", $"يجب أن تكون قيمة '{name}' عددًا صحيحًا لا يقل عن {min}.");

    public static string IsoDate(string name) =>
        Pick($"'{name}' must be an ISO-8601 date (2024-11-29) or date-time (2024-11-29T10:00:00Z).",
             $"يجب أن تكون قيمة '{name}' تاريخًا بصيغة ISO-8601 مثل 2024-11-29 أو 2024-11-29T10:00:00Z.");

    public static string FromAfterTo => Pick("'from' must not be later than 'to'.", "يجب ألا يكون 'from' بعد 'to'.");

    public static string OneOf(string name, IEnumerable<string> allowed) =>
        Pick($"'{name}' must be one of: {string.Join(", ", allowed)}.", $"يجب أن تكون قيمة '{name}' إحدى القيم: {string.Join("، ", allowed)}.");

    public static string TooLong(string name, int max) =>
        Pick($"'{name}' must be at most {max} characters.", $"يجب ألا يزيد طول '{name}' عن {max} حرفًا.");

    public static string SearchQueryRequired =>
        Pick("'q' is required: the words to search for.", "المعامل 'q' مطلوب: الكلمات المراد البحث عنها.");

    public static string SearchNoWords =>
        Pick("'q' has no word to search for. Operators, quotes and punctuation are ignored; type at least one word or number.",
             "لا يحتوي 'q' على كلمة للبحث عنها. تُتجاهل الرموز وعلامات الترقيم؛ اكتب كلمة أو رقمًا واحدًا على الأقل.");

    public static string SearchOnlyStopWords =>
        Pick("'q' has only very common words (such as في, من, على), which search leaves out. Add a more specific word.",
             "يحتوي 'q' على كلمات شائعة جدًا فقط (مثل في ومن وعلى) يتجاهلها البحث. أضف كلمة أكثر تحديدًا.");

    public static string SuggestPrefixRequired =>
        Pick("'q' is required: the start of a word to complete, 1 to 50 characters.", "المعامل 'q' مطلوب: بداية كلمة لإكمالها، من حرف واحد إلى 50 حرفًا.");

    public static string SuggestNoLetters =>
        Pick("'q' has no letter or digit to complete; type the start of a word.", "لا يحتوي 'q' على حرف أو رقم لإكماله؛ اكتب بداية كلمة.");

    public static string RelevanceNeedsQuery =>
        Pick("'sort=relevance' needs search words in 'q'; without them use 'newest' or 'oldest'.",
             "الترتيب 'relevance' يحتاج إلى كلمات بحث في 'q'؛ استخدم 'newest' أو 'oldest' بدونها.");
    public static string UnknownCursor =>
        Pick("'cursor' is not one this API gave out; start again without it and follow 'nextCursor'.",
             "قيمة 'cursor' ليست مما أعطته هذه الواجهة؛ ابدأ من جديد بدونها واتبع 'nextCursor'.");

    public static string PageTooDeep(int depth)
    {
        var articles = depth.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
        return Pick($"Numbered pages reach the first {articles} articles ('page' × 'pageSize' at most {articles}); to go deeper, send the 'nextCursor' of a page as 'cursor', or narrow the filters.",
                    $"الصفحات المرقمة تبلغ أول {articles} مقالة فقط (حاصل 'page' × 'pageSize' لا يتجاوز ذلك)؛ للتعمق أكثر أرسل 'nextCursor' الخاص بصفحة بوصفه 'cursor'، أو ضيّق عوامل التصفية.");
    }

    public static string SearchPageTooDeep(int depth)
    {
        var hits = depth.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
        return Pick($"Search results are paged through the first {hits} hits ('page' × 'pageSize' at most {hits}); to find the others, narrow the search with more words or filters (category, tag, author, from, to).",
                    $"تُعرض نتائج البحث بالصفحات حتى أول {hits} نتيجة فقط (حاصل 'page' × 'pageSize' لا يتجاوز ذلك)؛ للوصول إلى غيرها ضيّق البحث بكلمات أكثر أو بعوامل تصفية (category وtag وauthor وfrom وto).");
    }

    public static string CursorOrPage =>
        Pick("Use either 'page' or 'cursor', not both.", "استخدم 'page' أو 'cursor' وليس كليهما.");

    public static string CursorWithoutSearch =>
        Pick("'cursor' does not page search results; page them with 'page'.", "لا تُقسَّم نتائج البحث بـ'cursor'؛ استخدم 'page' لذلك.");

    public static string CursorSortMismatch =>
        Pick("'sort' must match the order the cursor was made for; leave 'sort' out when sending 'cursor'.",
             "يجب أن يطابق 'sort' الترتيب الذي صُنع له المؤشر؛ لا ترسل 'sort' مع 'cursor'.");

    public static string UnusableSlug => Pick("Must contain a letter or digit and not be only digits.", "يجب أن يحتوي على حرف أو رقم وألا يكون أرقامًا فقط.");

    public static string TooMany(string name, int max) => Pick($"'{name}' may have at most {max} items.", $"يجب ألا يزيد عدد عناصر '{name}' عن {max}.");

    public static string HttpUrl(string name) => Pick($"'{name}' must be an absolute http or https URL.", $"يجب أن تكون قيمة '{name}' رابطًا مطلقًا يبدأ بـ http أو https.");

    public static string LanguageTag(string name) => Pick($"'{name}' must be a language tag such as ar, en or ar-EG.", $"يجب أن تكون قيمة '{name}' وسم لغة مثل ar أو en أو ar-EG.");

    public static string NoSuchCategory(int id) => Pick($"No category has id {id}.", $"لا يوجد قسم بالمعرّف {id}.");

    public static string NoSuchAuthor(int id) => Pick($"No author has id {id}.", $"لا يوجد كاتب بالمعرّف {id}.");

    public static string SlugTaken(string slug) => Pick($"The slug '{slug}' belongs to another article.", $"الرابط '{slug}' مستخدم لمقالة أخرى.");

    public static string AdminArticleNotFound(int id) => Pick($"No article has id {id}.", $"لا توجد مقالة بالمعرّف {id}.");

    public static string IfMatchRequired => Pick("Send the article's current ETag in If-Match, so an edit cannot overwrite one you have not seen.", "أرسل وسم ETag الحالي للمقالة في الترويسة If-Match حتى لا يطمس تعديلك تعديلًا لم تره.");

    public static string IfMatchStale => Pick("It changed since you read it: fetch it again, reapply your change, and send the new ETag.", "تغيّر هذا العنصر منذ قراءتك له: اجلبه من جديد وأعد تعديلك وأرسل وسم ETag الجديد.");

    public static string InUse(string what) => Pick($"The {what} is still in use; move or delete what uses it first.", $"لا يزال هذا العنصر ({what}) مستخدمًا؛ انقل أو احذف ما يستخدمه أولًا.");

    public static string UnknownProperty(string name) => Pick($"'{name}' is not a property this operation accepts.", $"'{name}' ليست خاصية تقبلها هذه العملية.");

    public static string UnknownQueryParameter(IReadOnlyCollection<string> accepted) => accepted.Count == 0
        ? Pick("Not a query parameter of this operation, which takes none.", "ليس معاملًا تقبله هذه العملية، فهي لا تقبل أي معامل في الاستعلام.")
        : Pick($"Not a query parameter of this operation, which takes: {string.Join(", ", accepted)}.",
               $"ليس معاملًا تقبله هذه العملية، ومعاملاتها: {string.Join("، ", accepted)}.");

    public static string SearchRateLimited => Pick("Too many searches from your address. Retry after the time in Retry-After.", "عمليات بحث كثيرة جدًا من عنوانك. أعد المحاولة بعد المدة المذكورة في Retry-After.");

    public static string SearchBusy => Pick("Too many searches are running right now. Retry after the time in Retry-After.", "عمليات بحث كثيرة جدًا قيد التنفيذ الآن. أعد المحاولة بعد المدة المذكورة في Retry-After.");

    public static string WrongJsonType(string name) => Pick($"'{name}' has a value of the wrong type.", $"قيمة '{name}' من نوع غير صحيح.");

    public static string ForbiddenCharacter(string name) =>
        Pick($"'{name}' contains a character that text may not hold: a control character other than tab, line feed and carriage return, U+FFFE, U+FFFF or half of a surrogate pair.",
             $"تحتوي قيمة '{name}' على محرف لا يُقبل في النص: محرف تحكم غير الجدولة وسطر جديد وإرجاع العربة، أو U+FFFE أو U+FFFF أو نصف زوج بديل.");

    public static string NotJson => Pick("The body is not valid JSON.", "محتوى الطلب ليس JSON صالحًا.");

    public static string BodyRequired => Pick("The body is missing or null: send the JSON this operation takes.", "محتوى الطلب فارغ أو null: أرسل JSON الذي تقبله هذه العملية.");

    public static string CategoryCycle => Pick("A category cannot be moved under itself or one of its sub-categories.", "لا يمكن نقل قسم تحت نفسه أو تحت أحد أقسامه الفرعية.");

    public static string NothingWithId(int id) => Pick($"Nothing here has id {id}.", $"لا يوجد عنصر بالمعرّف {id}.");

    public static string SlugInUse(string slug) => Pick($"The slug '{slug}' is already used.", $"الرابط '{slug}' مستخدم بالفعل.");

    public static string EmailAddress(string name) => Pick($"'{name}' must be one e-mail address, such as name@example.com.", $"يجب أن تكون قيمة '{name}' عنوان بريد إلكتروني واحدًا مثل name@example.com.");

    public static string NoTextLeft(string name) => Pick($"'{name}' must contain text once HTML is removed.", $"يجب أن يحتوي '{name}' على نص بعد إزالة وسوم HTML.");

    public static string NestedTooDeep(string name, int max) => Pick($"HTML in '{name}' may nest at most {max} elements inside one another.", $"يجب ألا تتداخل عناصر HTML في '{name}' أكثر من {max} مستوى.");

    public static string TooMuchMarkup(string name, int max) => Pick($"'{name}' may hold at most {max} HTML tags.", $"يجب ألا يحتوي '{name}' على أكثر من {max} وسم HTML.");

    public static string NoSuchParent(int id) => Pick($"No approved comment of this article has id {id}.", $"لا يوجد تعليق منشور على هذه المقالة بالمعرّف {id}.");

    public static string RepliesTooDeep(int depth) => Pick($"Replies nest at most {depth} levels deep: reply to a comment higher in the thread.", $"لا تتداخل الردود أكثر من {depth} مستويات: رد على تعليق أعلى في السلسلة.");

    public static string CommentsClosed => Pick("Comments on this article are closed.", "التعليقات على هذه المقالة مغلقة.");


    public static string Flood(int seconds) => Pick($"Comments from one e-mail address and client address must be at least {seconds} seconds apart. Retry after the time in Retry-After.", $"يجب أن تفصل {seconds} ثانية على الأقل بين تعليقين من عنوان البريد نفسه والعنوان نفسه. أعد المحاولة بعد المدة المذكورة في Retry-After.");

    public static string RateLimited => Pick("Too many comments from your address. Retry after the time in Retry-After.", "تعليقات كثيرة جدًا من عنوانك. أعد المحاولة بعد المدة المذكورة في Retry-After.");

    public static string BodyTooLarge(int kibibytes) => Pick($"The request body must be at most {kibibytes} KiB.", $"يجب ألا يزيد حجم محتوى الطلب عن {kibibytes} كيلوبايت.");

    public static string JsonBodyOnly => Pick("Send the body as JSON with 'Content-Type: application/json'.", "أرسل المحتوى بصيغة JSON مع الترويسة 'Content-Type: application/json'.");

    public static string IdempotencyKeyInvalid(int max) => Pick($"'Idempotency-Key' must be 1 to {max} characters.", $"يجب أن يكون طول 'Idempotency-Key' من 1 إلى {max} حرفًا.");

    public static string IdempotencyKeyReused => Pick("This Idempotency-Key was sent with a different request. Use a new key for a new comment.", "أُرسل مفتاح Idempotency-Key هذا مع طلب مختلف. استخدم مفتاحًا جديدًا لكل تعليق جديد.");

    public static string NoSuchComment(int id) => Pick($"No comment has id {id}.", $"لا يوجد تعليق بالمعرّف {id}.");

    public static string ParentNotApproved => Pick("Approve the comment this one replies to first.", "وافق أولًا على التعليق الذي يرد عليه هذا التعليق.");

    public static string NotFoundTitle => Pick("Not found", "غير موجود");

    public static string ArticleNotFound(string key) =>
        Pick($"No published article has the slug or id '{key}'.", $"لا توجد مقالة منشورة بالمعرّف أو الرابط '{key}'.");

    public static string CategoryNotFound(string slug) =>
        Pick($"No category has the slug '{slug}'.", $"لا يوجد قسم بالرابط '{slug}'.");

    public static string PreviewNotFound =>
        Pick("This preview link is not valid or has expired. Ask for a new one.", "رابط المعاينة هذا غير صالح أو انتهت صلاحيته. اطلب رابطًا جديدًا.");

    public static string RouteNotFound => Pick("Nothing is served at this address.", "لا يوجد شيء على هذا العنوان.");

    public static string StatusTitle(int status) => status switch
    {
        400 => Pick("Bad request", "طلب غير صالح"),
        401 => Pick("Unauthorized", "غير مصرح"),
        428 => Pick("Precondition required", "الشرط المسبق مطلوب"),
        403 => Pick("Forbidden", "ممنوع"),
        404 => NotFoundTitle,
        405 => Pick("Method not allowed", "الطريقة غير مسموح بها"),
        406 => Pick("Not acceptable", "غير مقبول"),
        409 => Pick("Conflict", "تعارض"),
        412 => Pick("Precondition failed", "فشل الشرط المسبق"),
        413 => Pick("Request body too large", "حجم الطلب كبير جدًا"),
        415 => Pick("Unsupported media type", "نوع المحتوى غير مدعوم"),
        422 => Pick("Unprocessable request", "طلب غير قابل للمعالجة"),
        429 => Pick("Too many requests", "طلبات كثيرة جدًا"),
        503 => Pick("Service unavailable", "الخدمة غير متاحة"),
        _ => Pick("An unexpected error occurred", "حدث خطأ غير متوقع"),
    };

    public static string StatusDetail(int status) => status switch
    {
        400 => Pick("The request could not be read.", "تعذرت قراءة الطلب."),
        401 => Pick("Send a valid API key as 'Authorization: Bearer <key>'.", "أرسل مفتاح API صالحًا في الترويسة 'Authorization: Bearer <key>'."),
        403 => Pick("This API key does not have the scope this operation needs.", "مفتاح API هذا لا يملك الصلاحية التي تتطلبها هذه العملية."),
        404 => RouteNotFound,
        405 => Pick("This address does not accept that HTTP method.", "هذا العنوان لا يقبل طريقة HTTP هذه."),
        500 => Pick("The server could not answer this request. It has been logged.", "تعذر على الخادم إجابة هذا الطلب، وقد سُجّل الخطأ."),
        503 => Pick("The database cannot store anything right now (storage full or unavailable), so this request was not carried out. Retry after the time in Retry-After.",
                    "تعذر على قاعدة البيانات حفظ أي شيء الآن (التخزين ممتلئ أو غير متاح)، لذا لم يُنفَّذ هذا الطلب. أعد المحاولة بعد المدة المذكورة في Retry-After."),
        _ => StatusTitle(status),
    };
}
