import Mustache

/// The board's markup, rendered on the server: it works without
/// JavaScript; the script only adds live updates. Readable on a phone.
enum BoardTemplates {
    /// The templates, by name: `page`, `login`, and the partials `layout-head`, `row`.
    static func library() throws -> MustacheLibrary {
        var library = MustacheLibrary()
        library.register(try MustacheTemplate(string: head), named: "head")
        library.register(try MustacheTemplate(string: row), named: "row")
        library.register(try MustacheTemplate(string: page), named: "page")
        library.register(try MustacheTemplate(string: login), named: "login")
        return library
    }

    static let head = """
    <!doctype html>
    <html lang="en"><head><meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>{{title}} · Homeward</title>
    <link rel="stylesheet" href="/static/board.css">
    </head><body>
    """

    static let row = """
    <article class="escalation {{level}}{{#overdue}} overdue{{/overdue}}" id="case-{{caseId}}" data-sort="{{sortKey}}">
    <h2><span class="level">{{level}}</span> {{caseId}} <span class="badge">{{status}}</span>{{#overdue}} <span class="badge overdue">overdue</span>{{/overdue}}</h2>
    <dl>
    <dt>Respond</dt><dd>{{timeText}}{{#respondBy}} (by {{respondBy}}){{/respondBy}}</dd>
    <dt>Recommendation</dt><dd>{{recommendation}}</dd>
    <dt>Reasons</dt><dd>{{reasons}}</dd>
    <dt>Team</dt><dd>{{teamId}} · caseworker {{caseworkerId}}</dd>
    <dt>Age</dt><dd>{{ageText}} · step {{step}} · evidence {{evidenceCount}}</dd>
    <dt>E-mail</dt><dd>{{notificationText}}</dd>
    </dl>
    {{#mayAct}}<div class="actions">
    {{^acknowledged}}<form method="post" action="/escalations/{{caseId}}/acknowledge"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="escalationId" value="{{escalationId}}"><button>Acknowledge</button></form>{{/acknowledged}}
    <form method="post" action="/escalations/{{caseId}}/resolve"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="escalationId" value="{{escalationId}}"><select name="outcome" aria-label="Outcome">{{#outcomes}}<option value="{{value}}">{{label}}</option>{{/outcomes}}</select><button>Resolve</button></form>
    </div>{{/mayAct}}
    </article>
    """

    static let page = """
    {{> head}}
    <header><h1>Homeward · open escalations</h1><span>{{userId}} ({{role}})</span>
    <form method="post" action="/logout"><input type="hidden" name="csrf" value="{{csrf}}"><button>Sign out</button></form></header>
    <main>
    <p class="note">An escalation recommends; people decide.</p>
    {{#message}}<p class="error" role="alert">{{message}}</p>{{/message}}
    <form class="filters" method="get" action="/">
    <label>Team <select name="team"><option value="">all</option>{{#teams}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{value}}</option>{{/teams}}</select></label>
    <label>Level <select name="level"><option value="">all</option>{{#levels}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{value}}</option>{{/levels}}</select></label>
    <button>Filter</button></form>
    <div class="today">
    <section><h3>Reminders today</h3><ul>{{#reminders}}<li>{{name}}: {{count}}</li>{{/reminders}}{{^reminders}}<li>none</li>{{/reminders}}</ul></section>
    <section><h3>E-mails today</h3><ul>{{#emails}}<li>{{name}}: {{count}}</li>{{/emails}}{{^emails}}<li>none</li>{{/emails}}</ul></section>
    <section><h3>Dead letters today</h3><ul>{{#deadLetters}}<li>{{name}}: {{count}}</li>{{/deadLetters}}{{^deadLetters}}<li>none</li>{{/deadLetters}}</ul></section>
    </div>
    <p><span id="count">{{count}}</span> open escalations{{^caughtUp}} (still reading the topics){{/caughtUp}}{{#paged}}; showing {{from}}–{{to}}, most urgent first{{/paged}}.</p>
    <div id="escalations" data-first="{{first}}" data-last="{{last}}" data-version="{{version}}">
    {{#rows}}{{> row}}{{/rows}}
    </div>
    {{#paged}}<nav class="pages">{{^first}}<a href="{{previous}}">← more urgent</a>{{/first}} {{^last}}<a href="{{next}}">less urgent →</a>{{/last}}</nav>{{/paged}}
    </main>
    <script src="/static/board.js" defer></script>
    </body></html>
    """

    static let login = """
    {{> head}}
    <header><h1>Homeward · escalation board</h1></header>
    <main>
    <h2>Sign in</h2>
    {{#message}}<p class="error" role="alert">{{message}}</p>{{/message}}
    <form method="post" action="/login">
    <input type="hidden" name="csrf" value="{{csrf}}">
    <p><label>Staff id<br><input name="user" autocomplete="username" required></label></p>
    <p><label>Password<br><input name="password" type="password" autocomplete="current-password" required></label></p>
    <p><button>Sign in</button></p>
    </form>
    </main></body></html>
    """
}
