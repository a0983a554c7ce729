CREATE TABLE "org_invitations" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"email" text NOT NULL,
	"role" text NOT NULL,
	"token_hash" text NOT NULL,
	"invited_by_user_id" text,
	"expires_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "org_invitations_tokenHash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "org_members" (
	"org_id" text NOT NULL,
	"user_id" text NOT NULL,
	"role" text NOT NULL,
	"monthly_limit_micro" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "org_members_org_id_user_id_pk" PRIMARY KEY("org_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "organizations" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"wallet_user_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "organizations_name_unique" UNIQUE("name"),
	CONSTRAINT "organizations_walletUserId_unique" UNIQUE("wallet_user_id")
);
--> statement-breakpoint
CREATE TABLE "bank_imports" (
	"id" text PRIMARY KEY NOT NULL,
	"file_name" text NOT NULL,
	"uploaded_by_user_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"counts" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bank_payments" (
	"id" text PRIMARY KEY NOT NULL,
	"import_id" text NOT NULL,
	"doc_number" text NOT NULL,
	"doc_date" date NOT NULL,
	"payer_account" text NOT NULL,
	"payer_inn" text,
	"payer_name" text,
	"amount_micro" bigint NOT NULL,
	"purpose" text NOT NULL,
	"invoice_id" text,
	"org_id" text,
	"status" text NOT NULL,
	"credited_micro" bigint DEFAULT 0 NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bank_payments_docNumber_docDate_payerAccount_unique" UNIQUE("doc_number","doc_date","payer_account")
);
--> statement-breakpoint
CREATE TABLE "closing_documents" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"kind" text NOT NULL,
	"year" integer NOT NULL,
	"number" integer NOT NULL,
	"period" text NOT NULL,
	"amount_micro" bigint NOT NULL,
	"vat_micro" bigint NOT NULL,
	"corrects_id" text,
	"data" jsonb NOT NULL,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"mailed_at" timestamp with time zone,
	CONSTRAINT "closing_documents_year_number_unique" UNIQUE("year","number")
);
--> statement-breakpoint
CREATE TABLE "document_counters" (
	"series" text NOT NULL,
	"year" integer NOT NULL,
	"next" integer NOT NULL,
	CONSTRAINT "document_counters_series_year_pk" PRIMARY KEY("series","year")
);
--> statement-breakpoint
CREATE TABLE "invoices" (
	"id" text PRIMARY KEY NOT NULL,
	"year" integer NOT NULL,
	"number" integer NOT NULL,
	"org_id" text NOT NULL,
	"amount_micro" bigint NOT NULL,
	"vat_basis_points" integer NOT NULL,
	"status" text DEFAULT 'issued' NOT NULL,
	"paid_micro" bigint DEFAULT 0 NOT NULL,
	"buyer" jsonb NOT NULL,
	"seller" jsonb NOT NULL,
	"issued_by_user_id" text,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "invoices_year_number_unique" UNIQUE("year","number")
);
--> statement-breakpoint
CREATE TABLE "legal_pages" (
	"slug" text PRIMARY KEY NOT NULL,
	"version" integer NOT NULL,
	"body" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by_user_id" text
);
--> statement-breakpoint
CREATE TABLE "offer_acceptances" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"org_id" text,
	"version" integer NOT NULL,
	"accepted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ip" text
);
--> statement-breakpoint
CREATE TABLE "org_requisites" (
	"org_id" text PRIMARY KEY NOT NULL,
	"entity_type" text NOT NULL,
	"name" text NOT NULL,
	"inn" text NOT NULL,
	"kpp" text,
	"ogrn" text NOT NULL,
	"address" text NOT NULL,
	"docs_email" text NOT NULL,
	"bik" text,
	"bank_account" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vat_rates" (
	"valid_from" date PRIMARY KEY NOT NULL,
	"rate_basis_points" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "kind" text DEFAULT 'person' NOT NULL;--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "created_by_user_id" text;--> statement-breakpoint
ALTER TABLE "org_invitations" ADD CONSTRAINT "org_invitations_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_invitations" ADD CONSTRAINT "org_invitations_invited_by_user_id_users_id_fk" FOREIGN KEY ("invited_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_members" ADD CONSTRAINT "org_members_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_members" ADD CONSTRAINT "org_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organizations" ADD CONSTRAINT "organizations_wallet_user_id_users_id_fk" FOREIGN KEY ("wallet_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bank_imports" ADD CONSTRAINT "bank_imports_uploaded_by_user_id_users_id_fk" FOREIGN KEY ("uploaded_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bank_payments" ADD CONSTRAINT "bank_payments_import_id_bank_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."bank_imports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bank_payments" ADD CONSTRAINT "bank_payments_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bank_payments" ADD CONSTRAINT "bank_payments_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "closing_documents" ADD CONSTRAINT "closing_documents_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "closing_documents" ADD CONSTRAINT "closing_documents_corrects_id_closing_documents_id_fk" FOREIGN KEY ("corrects_id") REFERENCES "public"."closing_documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_issued_by_user_id_users_id_fk" FOREIGN KEY ("issued_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_pages" ADD CONSTRAINT "legal_pages_updated_by_user_id_users_id_fk" FOREIGN KEY ("updated_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offer_acceptances" ADD CONSTRAINT "offer_acceptances_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offer_acceptances" ADD CONSTRAINT "offer_acceptances_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_requisites" ADD CONSTRAINT "org_requisites_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "org_invitations_org_id_created_at_index" ON "org_invitations" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE INDEX "org_members_user_id_index" ON "org_members" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "bank_payments_status_index" ON "bank_payments" USING btree ("status");--> statement-breakpoint
CREATE INDEX "bank_payments_import_id_index" ON "bank_payments" USING btree ("import_id");--> statement-breakpoint
CREATE INDEX "closing_documents_org_id_period_index" ON "closing_documents" USING btree ("org_id","period");--> statement-breakpoint
CREATE INDEX "invoices_org_id_issued_at_index" ON "invoices" USING btree ("org_id","issued_at");--> statement-breakpoint
CREATE INDEX "offer_acceptances_user_id_index" ON "offer_acceptances" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "offer_acceptances_org_id_index" ON "offer_acceptances" USING btree ("org_id");--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
INSERT INTO "vat_rates" ("valid_from", "rate_basis_points") VALUES ('2026-01-01', 2200) ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO "legal_pages" ("slug", "version", "body") VALUES ('offer', 1, $body$# Публичная оферта на оказание услуг доступа к API языковых моделей

## 1. Общие положения
1.1. Настоящий документ является публичной офертой (ст. 437 ГК РФ) оператора сервиса XRouter (далее — Исполнитель), реквизиты которого указаны в разделе 8, любому дееспособному физическому лицу, индивидуальному предпринимателю или юридическому лицу (далее — Заказчик).
1.2. Акцептом оферты (ст. 438 ГК РФ) является регистрация в сервисе с отметкой о согласии с офертой, пополнение баланса или оплата счёта Исполнителя. Акцепт означает полное и безоговорочное принятие условий оферты.

## 2. Предмет
2.1. Исполнитель предоставляет Заказчику доступ к программному интерфейсу (API) языковых моделей через сервис XRouter, а Заказчик оплачивает услуги по тарифам, опубликованным на сайте сервиса.

## 3. Стоимость и порядок расчётов
3.1. Услуги оплачиваются авансом в рублях: банковской картой или банковским переводом по счёту Исполнителя. Цены включают НДС по ставке, действующей на дату оказания услуг.
3.2. Стоимость каждого запроса списывается с баланса Заказчика по факту оказания услуги. Объём оказанных услуг определяется по данным учёта сервиса.
3.3. Для юридических лиц и индивидуальных предпринимателей Исполнитель ежемесячно формирует универсальный передаточный документ (УПД). Если в течение 5 рабочих дней с получения УПД Заказчик не направил мотивированных возражений, услуги считаются принятыми.

## 4. Права и обязанности сторон
4.1. Исполнитель обеспечивает работу сервиса, кроме плановых работ и обстоятельств, не зависящих от него, в том числе недоступности моделей у поставщиков.
4.2. Заказчик хранит ключи доступа в тайне и отвечает за все запросы, выполненные с их использованием, не использует сервис в нарушение законодательства Российской Федерации.

## 5. Ответственность
5.1. Ответственность Исполнителя ограничена суммой, уплаченной Заказчиком за последний календарный месяц. Исполнитель не отвечает за содержание ответов языковых моделей.

## 6. Возврат средств
6.1. Неизрасходованный остаток аванса возвращается по письменному заявлению Заказчика в течение 10 рабочих дней на реквизиты, с которых поступила оплата. Промо-начисления возврату не подлежат.

## 7. Срок действия и изменение оферты
7.1. Оферта действует с момента публикации до её отзыва. Исполнитель вправе изменить оферту, опубликовав новую редакцию на сайте; новая редакция применяется с момента её принятия Заказчиком.
7.2. Споры разрешаются путём переговоров, а при недостижении согласия — в суде по месту нахождения Исполнителя.

## 8. Реквизиты Исполнителя
Реквизиты Исполнителя указываются в счетах и закрывающих документах и предоставляются по запросу.
$body$) ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO "legal_pages" ("slug", "version", "body") VALUES ('privacy', 1, $body$# Политика конфиденциальности и обработки персональных данных

## 1. Общие положения
1.1. Политика определяет порядок обработки персональных данных пользователей сервиса XRouter оператором сервиса (далее — Оператор) в соответствии с Федеральным законом от 27.07.2006 № 152-ФЗ «О персональных данных».

## 2. Какие данные обрабатываются
2.1. Адрес электронной почты, имя, данные учётной записи внешнего сервиса входа (Яндекс ID, GitHub), IP-адреса, сведения о запросах к API (время, модель, объём, стоимость), сведения о платежах; для организаций — реквизиты и данные контактных лиц.
2.2. Тексты запросов к моделям и ответов не хранятся, кроме случаев, когда пользователь сам включает кэширование ответов или сохранение ответов.

## 3. Цели обработки
3.1. Регистрация и идентификация пользователя, оказание услуг и расчёты, выставление счетов и закрывающих документов, обеспечение безопасности, исполнение требований законодательства, направление уведомлений об услугах.

## 4. Правовые основания
4.1. Согласие субъекта персональных данных, договор (оферта), стороной которого является субъект, и исполнение обязанностей, возложенных на Оператора законом.

## 5. Условия обработки и хранения
5.1. Данные обрабатываются с использованием средств автоматизации, хранятся на серверах, расположенных на территории Российской Федерации, и не передаются третьим лицам, кроме платёжных агентов, банков и поставщиков моделей в объёме, необходимом для оказания услуг, а также по требованию закона.
5.2. Данные хранятся до достижения целей обработки или отзыва согласия, а данные бухгалтерского учёта — в течение сроков, установленных законом.

## 6. Права субъекта
6.1. Субъект вправе получить сведения об обработке своих данных, потребовать их уточнения, блокирования или уничтожения, отозвать согласие, обжаловать действия Оператора в Роскомнадзоре или в суде. Запросы направляются на адрес электронной почты поддержки сервиса; ответ даётся в течение 10 рабочих дней.

## 7. Защита данных
7.1. Оператор принимает правовые, организационные и технические меры защиты: шифрование соединений, хранение паролей и ключей только в виде хешей, разграничение доступа, журналирование действий администраторов.
$body$) ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO "legal_pages" ("slug", "version", "body") VALUES ('consent', 1, $body$# Согласие на обработку персональных данных

Я, регистрируясь в сервисе XRouter, свободно, своей волей и в своём интересе даю согласие оператору сервиса XRouter (далее — Оператор) на обработку моих персональных данных в соответствии с Федеральным законом от 27.07.2006 № 152-ФЗ «О персональных данных» на следующих условиях.

1. Перечень данных: адрес электронной почты, имя, идентификаторы учётных записей внешних сервисов входа, IP-адреса, сведения об использовании сервиса и о платежах.
2. Цели: регистрация и идентификация, оказание услуг по оферте, расчёты, направление уведомлений, связанных с услугами, обеспечение безопасности сервиса.
3. Действия с данными: сбор, запись, систематизация, накопление, хранение, уточнение, извлечение, использование, передача (предоставление, доступ) платёжным агентам, банкам и поставщикам моделей в объёме, необходимом для оказания услуг, обезличивание, блокирование, удаление, уничтожение — с использованием средств автоматизации и без них.
4. Срок: согласие действует до достижения целей обработки или до его отзыва.
5. Отзыв: я могу отозвать согласие, направив Оператору заявление по электронной почте поддержки сервиса. После отзыва Оператор прекращает обработку и уничтожает данные в течение 30 дней, кроме данных, которые он обязан хранить по закону.

Я подтверждаю, что ознакомлен(а) с Политикой конфиденциальности.
$body$) ON CONFLICT DO NOTHING;
